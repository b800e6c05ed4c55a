"""The demo models: real wards, the designed statuses, and a second run adds nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.movement import demo
from registry.movement.models import MovementModel
from registry.tenants.models import Province


def test_demo_models_are_planted_once_with_real_origin_wards(app_ctx):
    provinces = {p.slug: p for p in db.session.scalars(select(Province))}
    messages = list(demo.seed(provinces))
    db.session.commit()
    planned = sum(len(plan) for plan in demo.PLANS.values())
    assert db.session.scalar(select(func.count(MovementModel.id))) == planned
    assert db.session.scalar(select(func.count(MovementModel.id)).where(MovementModel.origin_ward_id.is_(None))) == 0
    statuses = dict(db.session.execute(
        select(MovementModel.status, func.count()).where(MovementModel.province_id == provinces["quang-tri"].id)
        .group_by(MovementModel.status)).all())
    assert statuses == {"active": 4, "suspended": 1, "ended": 1}
    ended = db.session.scalar(select(MovementModel).where(MovementModel.status == "ended").limit(1))
    assert ended.end_reason and ended.next_review_due_on is None
    list(demo.seed(provinces))
    db.session.commit()
    assert db.session.scalar(select(func.count(MovementModel.id))) == planned
    assert messages
