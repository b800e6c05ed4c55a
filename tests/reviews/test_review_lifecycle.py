"""A review from draft to submission to correction, with evidence and history."""
from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import Attachment, MovementModel
from registry.reviews.models import Review
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FIGURES = {
    "period_start": "2025-03-01", "period_end": "2025-08-31",
    "value_crimes_social_order": "19", "value_crimes_social_order_2019": "24", "value_cameras_installed": "42",
}
COMPLETE = FIGURES | {"rating": "good", "recommendation": "expand", "findings": "Camera giúp phát hiện 7 vụ trộm cắp."}


def _model(app, **fields) -> int:
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2025, 3, 1), **fields)
        db.session.commit()
        return model.id


def _review(app, review_id: int) -> Review:
    with app.app_context():
        review = db.session.get(Review, review_id)
        db.session.expunge(review)
        return review


def test_an_officer_saves_a_draft_submits_it_and_corrects_it_with_a_reason(app, client, officer):
    model_id = _model(app)
    response = client.post(f"/p/quang-tri/models/{model_id}/reviews/new", data=FIGURES | {"action": "draft"})
    assert response.status_code == 302
    review_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert _review(app, review_id).status == "draft"
    edit_page = client.get(f"/p/quang-tri/reviews/{review_id}/edit").text
    assert 'value="42"' in edit_page, "the draft keeps what was typed"

    response = client.post(
        f"/p/quang-tri/reviews/{review_id}/edit", content_type="multipart/form-data",
        data=COMPLETE | {"action": "submit", "evidence": (io.BytesIO(PDF), "bien-ban-so-ket.pdf")},
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review.status == "submitted" and review.submitted_at is not None
        assert review.due_on == date(2025, 9, 1), "the due date the review answered"
        assert db.session.get(MovementModel, model_id).next_review_due_on == date(2026, 2, 28)
        evidence = db.session.scalar(select(Attachment).where(Attachment.review_id == review_id))
    download = client.get(f"/p/quang-tri/reviews/{review_id}/evidence/{evidence.id}")
    assert download.status_code == 200 and download.data == PDF

    locked = client.post(f"/p/quang-tri/reviews/{review_id}/edit", data=COMPLETE | {"findings": "Sửa lén", "action": "draft"})
    assert locked.status_code == 302 and _review(app, review_id).findings == COMPLETE["findings"]
    no_reason = client.post(f"/p/quang-tri/reviews/{review_id}/correct", data=COMPLETE)
    assert "Say why the submitted review is corrected." in no_reason.text

    corrected = client.post(f"/p/quang-tri/reviews/{review_id}/correct",
                            data=COMPLETE | {"value_crimes_social_order": "21", "reason": "Số liệu Công an xã bổ sung"})
    assert corrected.status_code == 302
    page = client.get(f"/p/quang-tri/reviews/{review_id}").text
    assert "Số liệu Công an xã bổ sung" in page
    assert "<del>19</del> → <ins>21</ins>" in page, "the old value stays visible"
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == review_id)
                                     .order_by(AuditEvent.id)).all()
        assert actions == ["review.submitted", "review.corrected"]


def test_a_submitted_review_is_locked_against_plain_edits(app, client, officer):
    with app.app_context():
        review = make_review(scheduled_model(province("quang-tri")), date(2025, 1, 1), date(2025, 6, 30),
                             values={"participants": 120})
        db.session.commit()
        review_id = review.id
    client.post(f"/p/quang-tri/reviews/{review_id}/edit", data=COMPLETE | {"action": "draft"})
    assert _review(app, review_id).period_start == date(2025, 1, 1)


def test_a_viewer_reads_reviews_but_cannot_record_one(app, client, sign_in):
    model_id = _model(app)
    sign_in("viewer")
    assert client.get(f"/p/quang-tri/models/{model_id}/reviews").status_code == 200
    assert client.get(f"/p/quang-tri/models/{model_id}/reviews/new").status_code == 403
    assert client.post(f"/p/quang-tri/models/{model_id}/reviews/new", data=COMPLETE).status_code == 403


def test_officer_of_another_province_gets_404_on_a_review_and_its_evidence(app, client, sign_in):
    with app.app_context():
        review = make_review(scheduled_model(province("quang-tri")), date(2025, 1, 1), date(2025, 6, 30))
        attachment = Attachment(province_id=review.province_id, model_id=review.model_id, review_id=review.id,
                                kind="evidence", filename="a.pdf", content_type="application/pdf", size=1,
                                storage_key="k-other")
        db.session.add(attachment)
        db.session.commit()
        ids = review.id, attachment.id, review.model_id
    sign_in("officer", "lam-dong")
    for url in (f"/p/lam-dong/reviews/{ids[0]}", f"/p/lam-dong/reviews/{ids[0]}/evidence/{ids[1]}",
                f"/p/lam-dong/models/{ids[2]}/reviews", f"/p/quang-tri/reviews/{ids[0]}"):
        assert client.get(url).status_code == 404, url
    assert "Mô hình Camera" not in client.get("/p/lam-dong/reviews/").text
