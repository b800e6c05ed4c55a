"""Refused mail reaches a page where someone can act: a refused digest, listed for its province's
admins, releases its reminders and goes out with them after the address is fixed."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.extensions import db
from registry.notifications import digests, reminders
from registry.outbox.dispatch import dispatch_all_pending
from registry.outbox.models import DIGEST, DIGESTED, FAILED, HELD, SENT, Notification
from tests.conftest import PASSWORD
from tests.jobs.conftest import run_worker
from tests.notifications.factories import model_due_on

TODAY = date(2026, 3, 2)


def _rows(app):
    with app.app_context():
        return {n.kind if n.kind == DIGEST else n.params["model"]: (n.status, n.digest_id)
                for n in db.session.scalars(select(Notification))}


def test_a_refused_digest_is_listed_for_its_province_releases_its_items_and_goes_out_after_a_resend(
        redis_app, smtp_server, make_user, client):
    handler, _ = smtp_server
    officer = make_user("officer", "quang-tri", email="typo@test.vn")  # a daily digest reader (the default)
    with redis_app.app_context():
        for name in ("Camera an ninh", "Tổ liên gia tự quản"):
            model_due_on("quang-tri", TODAY, created_by=officer.id, name=name)
        db.session.commit()
        reminders.scan(TODAY)
        assert digests.send_digests("daily", TODAY) == 1
        dispatch_all_pending()
    handler.behaviour.rcpt_reply = "550 5.1.1 mailbox unavailable"
    run_worker(redis_app)

    rows = _rows(redis_app)
    digest_status, _ = rows.pop(DIGEST)
    assert digest_status == FAILED
    assert {status for status, _ in rows.values()} == {HELD}  # released: the next digest or a resend carries them

    admin = make_user("province_admin", "quang-tri")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    page = client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
    assert "typo@test.vn" in page and "550" in page and "5.1.1 mailbox unavailable" in page

    handler.behaviour.rcpt_reply = None  # the address (here: the server) is fixed
    assert client.post("/p/quang-tri/notifications/failures/resend", data={"send_all": "1"}).status_code == 302
    run_worker(redis_app)

    [mail] = handler.mails
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert mail["To"] == "typo@test.vn" and "Camera an ninh" in text and "Tổ liên gia tự quản" in text
    rows = _rows(redis_app)
    digest_status, _ = rows.pop(DIGEST)
    assert digest_status == SENT and {status for status, _ in rows.values()} == {DIGESTED}
    assert "typo@test.vn" not in client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
