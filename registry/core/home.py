"""What each person finds on their home page: the work waiting in their provinces.

Read across the user's own provinces only (their memberships), in a few grouped queries
whatever the number of models.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select

from registry.accounts.models import PROVINCE_ADMIN, Membership
from registry.extensions import db
from registry.figures import queries as figures
from registry.figures import rules
from registry.figures.queries import Coverage
from registry.movement.models import STATUSES, MovementModel
from registry.nominations.models import DRAFT, NOMINATION_STATUSES, RETURNED, Nomination
from registry.tenants.scoping import national_scope

DUE_SOON_DAYS = rules.DUE_SOON_DAYS
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


def province_work(membership: Membership, today: date, with_figures: bool | None = None) -> ProvinceWork:
    """Reviews overdue and due within 30 days, returned nominations, and the province's figures
    (for provincial admins on the home page; for everyone on the province's own page). Reads the
    membership's province only."""
    work = ProvinceWork(membership)
    province_id = membership.province_id
    due = MovementModel.next_review_due_on
    with national_scope():
        ours = MovementModel.province_id == province_id
        overdue, due_soon = rules.overdue(today), rules.due_soon(today)
        work.overdue_count, work.due_soon_count = db.session.execute(
            select(func.count(rules.counted(overdue)), func.count(rules.counted(due_soon))).where(ours)
        ).one()
        work.reviews = db.session.execute(
            select(MovementModel.id, MovementModel.name, due)
            .where(ours, or_(overdue, due_soon)).order_by(due, MovementModel.name).limit(LISTED)
        ).all()
        work.returned = db.session.execute(
            select(MovementModel.id, MovementModel.name, Nomination.round_year)
            .join(Nomination, Nomination.model_id == MovementModel.id)
            .where(Nomination.province_id == province_id, Nomination.status == RETURNED)
            .order_by(Nomination.decided_at.desc(), MovementModel.name).limit(LISTED)
        ).all()
        if with_figures or (with_figures is None and membership.role == PROVINCE_ADMIN):
            counts = figures.model_counts(province_id).by_status
            work.models_by_status = {status: counts.get(status, 0) for status in STATUSES}
            work.coverage = figures.coverage(province_id)
    return work


def nomination_queue() -> dict[str, int]:
    """Nominations of every province per state, as the ministry counts them, for its reviewers."""
    with national_scope():
        counts = figures.nominations_by_state()
    return {status: counts.get(status, 0) for status in NOMINATION_STATUSES if status != DRAFT}
