"""One decision document recognises or rejects several nominations of a round at once; a return
says what to add, at the top of the province's page, in the discussion and in the mail."""
from __future__ import annotations

import io

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import (
    APPROVED, REJECTED, RETURNED, UNDER_REVIEW, DecisionDocument, Nomination, NominationComment, NominationEvent,
)
from registry.outbox.models import Notification
from tests.factories import province
from tests.nominations.factories import assign, eligible_model, make_account, make_assessment, make_nomination, make_round

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _round_with(app, names, assessments=2):
    with app.app_context():
        round_ = make_round()
        ids = []
        for number, name in enumerate(names):
            nomination = make_nomination(eligible_model(province("quang-tri" if number % 2 == 0 else "lam-dong"),
                                                        name=name), status=UNDER_REVIEW, round_=round_)
            reviewers = [make_account("ministry_reviewer") for _ in range(2)]
            assign(nomination, *reviewers)
            for reviewer in reviewers[:assessments]:
                make_assessment(nomination, reviewer.id)
            ids.append(nomination.id)
        db.session.commit()
        return round_.id, ids


def _issue(client, round_id, outcomes, file=(PDF, "quyet-dinh.pdf"), **fields):
    data = {"number": "1234/QĐ-BCA-V05", "signed_on": "15/05/2026", "signer": "Thiếu tướng Nguyễn Văn A",
            "confirm": "y", "file": (io.BytesIO(file[0]), file[1]), **fields}
    for nomination_id, (outcome, reason) in outcomes.items():
        data[f"outcome_{nomination_id}"], data[f"reason_{nomination_id}"] = outcome, reason
    return client.post(f"/ministry/rounds/{round_id}/decision", data=data, content_type="multipart/form-data")


def test_one_document_recognises_two_models_and_rejects_a_third(app, client, login_as):
    round_id, (first, second, third) = _round_with(app, ["Camera Gio Linh", "Tổ tự quản Đà Lạt", "Zalo an ninh"])
    login_as("ministry_admin", None)
    page = client.get(f"/ministry/rounds/{round_id}/decision").get_data(as_text=True)
    assert all(f'name="outcome_{n}"' in page for n in (first, second, third))
    response = _issue(client, round_id, {first: ("approved", "Hiệu quả rõ."), second: ("approved", "Dễ nhân rộng."),
                                         third: ("rejected", "Chưa đủ minh chứng.")})
    assert response.status_code == 302
    with app.app_context():
        document = db.session.scalar(select(DecisionDocument))
        nominations = {n.id: n for n in db.session.scalars(select(Nomination))}
        assert [nominations[n].status for n in (first, second, third)] == [APPROVED, APPROVED, REJECTED]
        assert {nominations[n].decision_document_id for n in (first, second, third)} == {document.id}
        assert nominations[first].recognised_dossier_id == nominations[first].current_dossier.id
        recognised = db.session.scalars(select(MovementModel.name).where(MovementModel.recognised_year.is_not(None)))
        assert sorted(recognised) == ["Camera Gio Linh", "Tổ tự quản Đà Lạt"]
        reasons = {e.nomination_id: e.comment for e in db.session.scalars(
            select(NominationEvent).where(NominationEvent.to_status.in_((APPROVED, REJECTED))))}
        assert reasons == {first: "Hiệu quả rõ.", second: "Dễ nhân rộng.", third: "Chưa đủ minh chứng."}
        document_id = document.id
    round_page = client.get(f"/ministry/rounds/{round_id}").get_data(as_text=True)
    assert "1234/QĐ-BCA-V05" in round_page and "15/05/2026" in round_page
    download = client.get(f"/ministry/decisions/{document_id}/file")
    assert download.status_code == 200 and download.data == PDF


def test_a_file_that_is_not_a_pdf_decides_nothing(app, client, login_as):
    round_id, (first,) = _round_with(app, ["Camera Gio Linh"])
    login_as("ministry_admin", None)
    response = _issue(client, round_id, {first: ("approved", "Hiệu quả rõ.")}, file=(b"MZ\x90\x00", "quyet-dinh.pdf"))
    assert "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Nomination, first).status == UNDER_REVIEW
        assert db.session.scalar(select(DecisionDocument)) is None


def test_each_nomination_needs_its_reason_and_the_box_must_be_ticked(app, client, login_as):
    round_id, (first,) = _round_with(app, ["Camera Gio Linh"])
    login_as("ministry_admin", None)
    assert "flash--error" in _issue(client, round_id, {first: ("approved", " ")}).get_data(as_text=True)
    unticked = _issue(client, round_id, {first: ("approved", "Hiệu quả.")}, confirm="")
    assert 'id="confirm-error"' in unticked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Nomination, first).status == UNDER_REVIEW


def test_a_nomination_with_one_assessment_cannot_be_in_a_decision(app, client, login_as):
    round_id, (first,) = _round_with(app, ["Camera Gio Linh"], assessments=1)
    login_as("ministry_admin", None)
    response = _issue(client, round_id, {first: ("approved", "Hiệu quả rõ.")})
    assert "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Nomination, first).status == UNDER_REVIEW


def test_reviewers_do_not_issue_decision_documents(app, client, login_as):
    round_id, _ids = _round_with(app, ["Camera Gio Linh"])
    login_as("ministry_reviewer", None)
    assert client.get(f"/ministry/rounds/{round_id}/decision").status_code == 403


def test_a_return_puts_what_to_add_at_the_top_in_the_discussion_and_in_the_mail(app, client, login_as, make_user):
    admin = make_user("province_admin", "quang-tri")
    round_id, (first,) = _round_with(app, ["Camera Gio Linh"])
    login_as("ministry_reviewer", None)
    request = "Bổ sung số liệu kinh phí duy trì mô hình năm 2025."
    client.post(f"/ministry/nominations/{first}/decision", data={"comment": request, "confirmed": "yes"})
    with app.app_context():
        assert db.session.get(Nomination, first).status == RETURNED
        assert db.session.scalar(select(NominationComment.body)) == request
        mail = db.session.scalar(select(Notification).where(Notification.kind == "nomination_returned",
                                                            Notification.user_id == admin.id))
        assert mail.params["comment"] == request
    from registry.accounts.sessions import sign_in_client

    sign_in_client(client, admin.id)
    page = client.get(f"/p/quang-tri/nominations/{first}").get_data(as_text=True)
    top = page.index('id="return-request"')
    assert request in page[top:top + 600] and top < page.index('id="eligibility"')
    assert request in page.split('id="comments"')[1]
