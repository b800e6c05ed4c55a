"""Models that need a decision, and ending one with its review as the reason."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.reviews.queries import needs_decision
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

H1, H2, H3 = (date(2024, 7, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2025, 12, 31))


def _data_set(slug: str = "quang-tri") -> dict[str, MovementModel]:
    place = province(slug)
    models = {name: scheduled_model(place, name=name) for name in ("weak twice", "weak then good", "end", "weak once")}
    make_review(models["weak twice"], *H1, rating="weak")
    make_review(models["weak twice"], *H2, rating="weak", recommendation="adjust")
    make_review(models["weak then good"], *H1, rating="weak")
    make_review(models["weak then good"], *H2, rating="good")
    make_review(models["end"], *H2, rating="average", recommendation="end")
    make_review(models["weak once"], *H1, rating="good")
    make_review(models["weak once"], *H2, rating="weak")
    make_review(models["weak once"], *H3, rating="weak", status="draft")  # a draft does not count
    return models


def test_two_weak_ratings_in_a_row_or_an_end_recommendation_need_a_decision(app, app_ctx):
    _data_set()
    decisions = {d.model.name: (d.two_weak, d.end_recommended, d.review.period_end) for d in needs_decision()}
    assert decisions == {"weak twice": (True, False, H2[1]), "end": (False, True, H2[1])}


def test_the_list_shows_only_the_provinces_own_models(app, client, sign_in):
    with app.app_context():
        _data_set("lam-dong")
        db.session.commit()
    sign_in("officer", "quang-tri")
    page = client.get("/p/quang-tri/reviews/needs-decision").text
    assert "No model needs a decision." in page and "weak twice" not in page


def test_ending_a_model_from_the_list_records_the_review_as_the_reason(app, client, officer):
    with app.app_context():
        models = _data_set()
        db.session.commit()
        model_id = models["weak twice"].id
        review_id = next(d.review.id for d in needs_decision() if d.model.id == model_id)
    page = client.get("/p/quang-tri/reviews/needs-decision").text
    assert "Weak twice in a row" in page and "Ending recommended" in page
    response = client.post(f"/p/quang-tri/reviews/{review_id}/end-model",
                           data={"end_reason": "ineffective", "note": "Hội nghị sơ kết thống nhất dừng"})
    assert response.status_code == 302
    with app.app_context():
        model = db.session.get(MovementModel, model_id)
        assert (model.status, model.end_reason, model.next_review_due_on) == ("ended", "ineffective", None)
        assert f"no. {review_id}" in model.end_reason_text and "Hội nghị sơ kết" in model.end_reason_text
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "end"))
        assert event.entity_id == model_id and event.note.startswith(f"review:{review_id}")
        assert event.changes["status"] == ["active", "ended"]
        assert [d.model.name for d in needs_decision()] == ["end"]


def test_a_viewer_cannot_end_a_model(app, client, sign_in):
    with app.app_context():
        review_id = make_review(scheduled_model(province("quang-tri")), *H2, rating="weak", recommendation="end").id
        db.session.commit()
    sign_in("viewer")
    assert client.post(f"/p/quang-tri/reviews/{review_id}/end-model", data={"end_reason": "other"}).status_code == 403
