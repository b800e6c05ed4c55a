"""What each person finds on their home page: the work waiting in their provinces.

Read across the user's own provinces only (their memberships), in a few grouped queries
whatever the number of models.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from registry.accounts.models import PROVINCE_ADMIN, Membership
from registry.extensions import db
from registry.movement.models import ENDED, STATUSES, MovementModel
from registry.nominations.models import NOMINATION_STATUSES, Nomination
from registry.replication.queries import Coverage, province_coverage
from registry.tenants.scoping import national_scope

DUE_SOON_DAYS = 30
LISTED = 8


@dataclass
class ProvinceWork:
    membership: Membership
    overdue_count: int = 0
    due_soon_count: int = 0
    # (model id, name, due date) of the most urgent reviews, overdue first.
    reviews: list[tuple[int, str, date]] = field(default_factory=list)
    # (model id, model name, round year) of nominations returned for changes.
    returned: list[tuple[int, str, int]] = field(default_factory=list)
    # Provincial admins only.
    models_by_status: dict[str, int] | None = None
    coverage: Coverage | None = None


def province_work(membership: Membership, today: date) -> ProvinceWork:
    """Reviews overdue and due within 30 days, returned nominations, and for provincial
    admins the province's figures. Reads the membership's province only."""
    work = ProvinceWork(membership)
    province_id = membership.province_id
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    with national_scope():
        due = MovementModel.next_review_due_on
        open_models = (MovementModel.province_id == province_id) & (MovementModel.status != ENDED)
        work.overdue_count, work.due_soon_count = db.session.execute(
            select(func.count(case((due < today, 1))), func.count(case(((due >= today) & (due <= horizon), 1))))
            .where(open_models)
        ).one()
        work.reviews = db.session.execute(
            select(MovementModel.id, MovementModel.name, due)
            .where(open_models, due <= horizon).order_by(due, MovementModel.name).limit(LISTED)
        ).all()
        work.returned = db.session.execute(
            select(MovementModel.id, MovementModel.name, Nomination.round_year)
            .join(Nomination, Nomination.model_id == MovementModel.id)
            .where(Nomination.province_id == province_id, Nomination.status == "returned")
            .order_by(Nomination.decided_at.desc(), MovementModel.name).limit(LISTED)
        ).all()
        if membership.role == PROVINCE_ADMIN:
            counts = dict(db.session.execute(
                select(MovementModel.status, func.count()).where(MovementModel.province_id == province_id)
                .group_by(MovementModel.status)
            ).all())
            work.models_by_status = {status: counts.get(status, 0) for status in STATUSES}
            work.coverage = province_coverage(province_id)
    return work


def nomination_queue() -> dict[str, int]:
    """Nominations of every province per state, for the ministry's reviewers."""
    with national_scope():
        counts = dict(db.session.execute(select(Nomination.status, func.count()).group_by(Nomination.status)).all())
    return {status: counts.get(status, 0) for status in NOMINATION_STATUSES if status != "draft"}
