"""Digests gather held notifications into one mail; unsubscribe links work without signing in."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from registry.extensions import db
from registry.notifications import digests, reminders
from registry.notifications.links import review_form_url
from registry.notifications.preferences import make_token, preference_for
from registry.outbox.dispatch import dispatch_all_pending
from registry.outbox.models import DIGESTED, HELD, SKIPPED, Notification
from tests.conftest import mails
from tests.notifications.factories import model_due_on, set_frequency

DUE = date(2026, 3, 2)


def _three_reminders(officer) -> list[str]:
    links = []
    for days, name in ((0, "Camera an ninh"), (-1, "Tổ liên gia tự quản"), (10, "Zalo an ninh")):
        model = model_due_on("quang-tri", DUE - timedelta(days=days), created_by=officer, name=name)
        links.append(review_form_url(model))
    db.session.commit()
    reminders.scan(DUE)
    return links


def _send(frequency="daily", today=DUE):
    digests.send_digests(frequency, today)
    dispatch_all_pending()


def test_a_daily_digest_is_one_mail_listing_every_held_notification_with_its_link(app, app_ctx, make_user):
    officer = make_user("officer")
    links = _three_reminders(officer)
    assert mails(app) == []  # held for the digest (the default)
    _send()
    _send()  # a second run the same day sends nothing more
    [mail] = mails(app)
    assert mail["To"] == officer.email and "3" in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    for link in links:
        assert "http://127.0.0.1:5000" + link in text and f'href="http://127.0.0.1:5000{link}"' in html
    for name in ("Camera an ninh", "Tổ liên gia tự quản", "Zalo an ninh"):
        assert name in text
    statuses = set(db.session.scalars(select(Notification.status).where(Notification.kind != "digest")))
    assert statuses == {DIGESTED}


def test_weekly_readers_wait_for_the_weekly_digest(app, app_ctx, make_user):
    officer = make_user("officer")
    set_frequency(officer, "weekly")
    _three_reminders(officer)
    _send("daily")
    assert mails(app) == []
    _send("weekly")
    assert len(mails(app)) == 1


def test_kinds_a_user_turned_off_are_left_out_of_the_digest(app, app_ctx, make_user):
    officer = make_user("officer")
    set_frequency(officer, "daily", muted=["review_overdue", "review_due_soon"])
    _three_reminders(officer)
    _send()
    [mail] = mails(app)
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Camera an ninh" in text and "Tổ liên gia tự quản" not in text and "Zalo an ninh" not in text
    assert sorted(db.session.scalars(select(Notification.status).where(Notification.kind != "digest"))) == [
        DIGESTED, SKIPPED, SKIPPED]


def test_the_unsubscribe_link_of_a_mail_works_in_one_click_without_signing_in(app, client, make_user):
    officer = make_user("officer")
    with app.app_context():
        _three_reminders(officer)
        _send()
    [mail] = mails(app)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:5000")
    assert mail["List-Unsubscribe"].strip("<>") in mail.get_body(preferencelist=("plain",)).get_content()

    page = client.get(url)  # opening the link (a mail scanner may) changes nothing
    assert page.status_code == 200
    with app.app_context():
        assert preference_for(officer.id).frequency == "daily"
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        assert preference_for(officer.id).frequency == "never"
        reminders.scan(DUE + timedelta(days=8))  # a new overdue reminder: shown in the app, not mailed
        _send(today=DUE + timedelta(days=8))
        newest = db.session.scalars(select(Notification).order_by(Notification.id.desc())).first()
        assert newest.status == SKIPPED
    assert len(mails(app)) == 1


def test_an_unsubscribe_link_for_one_kind_stops_only_that_kind(app, client, make_user):
    officer = make_user("officer")
    with app.app_context():
        token = make_token(officer.id, "review_overdue")
    client.post(f"/notifications/unsubscribe/{token}")
    with app.app_context():
        preference = preference_for(officer.id)
        assert (preference.frequency, preference.muted_kinds) == ("daily", ["review_overdue"])


def test_a_forged_link_is_refused(client):
    assert client.get("/notifications/unsubscribe/not-a-token").status_code == 404
    assert client.post("/notifications/preferences/not-a-token", data={"frequency": "never"}).status_code == 404


def test_the_preferences_link_of_a_mail_works_without_signing_in(app, client, make_user):
    officer = make_user("officer")
    with app.app_context():
        token = make_token(officer.id)
    assert "weekly" in client.get(f"/notifications/preferences/{token}").get_data(as_text=True)
    response = client.post(f"/notifications/preferences/{token}",
                           data={"frequency": "weekly", "kinds": ["review_due_today", "review_overdue"]})
    assert response.status_code == 302
    with app.app_context():
        preference = preference_for(officer.id)
        assert preference.frequency == "weekly"
        # The kinds an officer is offered and did not tick are muted; the ministry's are not offered.
        assert preference.muted_kinds == ["nomination_approved", "nomination_comment", "nomination_rejected",
                                          "nomination_returned", "review_due_soon"]


def test_held_notifications_are_not_lost_when_the_user_switches_to_immediate_mail(app, app_ctx, make_user):
    officer = make_user("officer")
    _three_reminders(officer)
    set_frequency(officer, "immediate")
    db.session.commit()
    _send()
    assert len(mails(app)) == 1
    assert HELD not in set(db.session.scalars(select(Notification.status)))
