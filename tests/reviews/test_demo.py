"""Demo reviews: seeded for the demo models, with overdue and weak models, and idempotent."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from registry.extensions import db
from registry.reviews import demo
from registry.clock import today
from registry.reviews.models import Review
from registry.reviews.queries import needs_decision
from tests.conftest import province
from tests.reviews.factories import scheduled_model


def test_demo_reviews_show_overdue_and_weak_models_and_run_once(app, app_ctx, frozen):
    place = province("quang-tri")
    models = [scheduled_model(place, launched_on=date(2023, 1 + i, 10), category=c)
              for i, c in enumerate(["cameras", "inter_family", "self_management", "drug_prevention", "mediation", "online"])]
    assert list(demo.seed({"quang-tri": place, "lam-dong": province("lam-dong")})) == [
        f"  quang-tri: {db.session.scalar(select(func.count(Review.id)).where(Review.status == 'submitted'))} reviews"
    ]
    db.session.commit()
    assert any(m.next_review_due_on < today() for m in models), "some models are overdue"
    assert any(m.next_review_due_on >= today() for m in models)
    assert [d.model.id for d in needs_decision()] == [models[1].id], "one model weak twice"
    assert db.session.scalar(select(func.count(Review.id)).where(Review.status == "draft")) == 1
    before = db.session.scalar(select(func.count(Review.id)))
    assert list(demo.seed({"quang-tri": place})) == []
    assert db.session.scalar(select(func.count(Review.id))) == before
