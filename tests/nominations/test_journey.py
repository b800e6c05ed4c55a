"""The whole journey of the issue: nominate, assess blind, return, resubmit, approve, adopt."""
from __future__ import annotations

import io

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import APPROVED, Nomination
from registry.accounts.sessions import sign_in_client
from registry.outbox.models import Notification
from tests.factories import province
from tests.nominations.factories import assign, eligible_model, make_round

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCORES = {"evidence": 5, "replication": 4, "sustainability": 4, "participation": 5, "transferability": 4}


def sign_in(client, user):
    sign_in_client(client, user.id)


def assess(client, nomination_id):
    data = {"action": "submit"}
    for name, score in SCORES.items():
        data[f"score_{name}"], data[f"comment_{name}"] = str(score), "Số liệu đầy đủ, có minh chứng."
    assert client.post(f"/ministry/nominations/{nomination_id}/assessment", data=data).status_code == 302


def test_a_model_travels_from_a_province_through_the_ministry_into_another_province(app, client, make_user):
    admin = make_user("province_admin", "quang-tri")
    first, second = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    adopter = make_user("officer", "lam-dong")
    ministry_admin = make_user("ministry_admin", None)
    with app.app_context():
        round_id = make_round().id
        model_id = eligible_model(province("quang-tri"), name="Camera an ninh Hải Lăng").id
        db.session.commit()

    sign_in(client, admin)
    created = client.post(f"/p/quang-tri/models/{model_id}/nominations")
    page = created.headers["Location"]
    nomination_id = int(page.rsplit("/", 1)[1])
    client.post(f"{page}/statement", data={"statement": "Giảm 15,6% tội phạm so với năm 2019."})
    client.post(f"{page}/submit", data={"confirmed": "yes"})

    with app.app_context():
        assign(db.session.get(Nomination, nomination_id), first, second)
        db.session.commit()
    for reviewer in (first, second):
        sign_in(client, reviewer)
        assess(client, nomination_id)
    returned = client.post(f"/ministry/nominations/{nomination_id}/decision",
                           data={"confirmed": "yes", "outcome": "returned", "comment": "Bổ sung số liệu năm 2025."})
    assert returned.status_code == 302

    sign_in(client, admin)
    seen = client.get(page).get_data(as_text=True)
    assert "Bổ sung số liệu năm 2025." in seen
    client.post(f"{page}/statement", data={"statement": "Giảm 15,6% tội phạm; số liệu 2025 đã bổ sung."})
    client.post(f"{page}/submit", data={"confirmed": "yes"})

    for reviewer in (first, second):
        sign_in(client, reviewer)
        assess(client, nomination_id)
    sign_in(client, ministry_admin)
    issued = client.post(f"/ministry/rounds/{round_id}/decision", data={
        f"outcome_{nomination_id}": "approved", f"reason_{nomination_id}": "Đề nghị nhân rộng toàn quốc.",
        "number": "1234/QĐ-BCA-V05", "signed_on": "15/05/2026", "signer": "Thiếu tướng Nguyễn Văn A",
        "confirm": "y", "file": (io.BytesIO(PDF), "quyet-dinh-1234.pdf"),
    }, content_type="multipart/form-data")
    assert issued.status_code == 302
    with app.app_context():
        nomination = db.session.get(Nomination, nomination_id)
        assert nomination.status == APPROVED and len(nomination.dossiers) == 2
        assert nomination.dossiers[0].snapshot["statement"] != nomination.dossiers[1].snapshot["statement"]
        kinds = {n.kind for n in db.session.scalars(select(Notification))}
        assert {"nomination_submitted", "nomination_returned", "nomination_approved", "catalogue_entry"} <= kinds

    sign_in(client, adopter)
    catalogue = client.get("/catalogue/?q=hai+lang").get_data(as_text=True)
    assert "Camera an ninh Hải Lăng" in catalogue and "1234/QĐ-BCA-V05" in catalogue
    with app.app_context():
        lam_dong = province("lam-dong").id
    assert client.post(f"/catalogue/{model_id}/adopt", data={"province": lam_dong}).status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(MovementModel).where(MovementModel.source_model_id == model_id))
        assert (copy.province_id, copy.status) == (lam_dong, "draft")
