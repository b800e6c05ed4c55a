"""The province dashboard's figures: grouped queries, a fixed number per page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from registry.extensions import db
from registry.movement.models import ENDED, MovementModel
from registry.replication.queries import Coverage, province_coverage
from registry.reviews.board import DUE_SOON_DAYS, SCHEDULED_STATUSES, Filters, OnTime, on_time_share
from registry.reviews.queries import ranked_reviews


@dataclass
class Dashboard:
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    coverage: Coverage
    due_soon: int
    overdue: int
    on_time: OnTime
    last_ratings: list[tuple[str, int]]

    @property
    def models_total(self) -> int:
        return sum(count for _, count in self.by_status)


def _counts(column) -> list[tuple[str, int]]:
    rows = db.session.execute(select(column, func.count(MovementModel.id)).group_by(column)).all()
    return sorted(((key, count) for key, count in rows), key=lambda row: -row[1])


def _due_counts(today: date) -> tuple[int, int]:
    due = MovementModel.next_review_due_on
    soon = func.sum(case((due.between(today, today + timedelta(days=DUE_SOON_DAYS)), 1), else_=0))
    late = func.sum(case((due < today, 1), else_=0))
    row = db.session.execute(
        select(soon, late).where(MovementModel.status.in_(SCHEDULED_STATUSES), due.is_not(None))
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def _last_ratings() -> list[tuple[str, int]]:
    """The rating of each model's latest submitted review (models not ended)."""
    ranked = ranked_reviews()
    rows = db.session.execute(
        select(ranked.c.rating, func.count()).join(MovementModel, MovementModel.id == ranked.c.model_id)
        .where(ranked.c.recency == 1, MovementModel.status != ENDED).group_by(ranked.c.rating)
    ).all()
    return [(rating, count) for rating, count in rows if rating]


def dashboard(province_id: int, today: date) -> Dashboard:
    due_soon, overdue = _due_counts(today)
    return Dashboard(
        by_category=_counts(MovementModel.category), by_status=_counts(MovementModel.status),
        coverage=province_coverage(province_id), due_soon=due_soon, overdue=overdue,
        on_time=on_time_share(Filters(), today), last_ratings=_last_ratings(),
    )
