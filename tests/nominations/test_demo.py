"""The demo seeder puts a nomination in each state the demo models allow, and one in the catalogue."""
from __future__ import annotations

from sqlalchemy import select

from registry.demo import seed_demo
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import NOMINATION_STATUSES, Nomination
from tests.factories import province
from tests.nominations.factories import eligible_model

SLUGS = ("quang-tri", "lam-dong", "phu-tho", "son-la", "thanh-hoa", "khanh-hoa", "da-nang")


def test_demo_nominations_cover_every_state_and_are_seeded_once(app):
    with app.app_context():
        for slug in SLUGS:
            eligible_model(province(slug), name=f"Camera an ninh {slug}")
        db.session.commit()
        list(seed_demo())
        states = sorted(db.session.scalars(select(Nomination.status)).all())
        assert states == sorted(NOMINATION_STATUSES)
        recognised = db.session.scalars(select(MovementModel).where(MovementModel.recognised_year.is_not(None))).all()
        assert len(recognised) == 1
        assert db.session.scalar(select(MovementModel).where(MovementModel.source_model_id == recognised[0].id))
        list(seed_demo())
        assert len(db.session.scalars(select(Nomination)).all()) == len(NOMINATION_STATUSES)
