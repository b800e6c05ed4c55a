"""The province dashboard's figures: a few grouped queries over the province's models, plus
the coverage and the latest ratings as the refresh job last computed them (they read every site
and review of the province: ``registry.national.summary``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.national import summary
from registry.replication.queries import Coverage
from registry.reviews.board import DUE_SOON_DAYS, SCHEDULED_STATUSES, Filters, OnTime, on_time_share
from registry.tenants.models import Province


@dataclass
class Dashboard:
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    coverage: Coverage
    due_soon: int
    overdue: int
    on_time: OnTime
    last_ratings: list[tuple[str, int]]
    refreshed_at: datetime  # when the coverage and the latest ratings were computed

    @property
    def models_total(self) -> int:
        return sum(count for _, count in self.by_status)


def _largest_first(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda row: -row[1])


def _counts() -> tuple[Counter, Counter]:
    """Models by category and by status, from one grouped query."""
    by_category, by_status = Counter(), Counter()
    for category, status, count in db.session.execute(
        select(MovementModel.category, MovementModel.status, func.count(MovementModel.id))
        .group_by(MovementModel.category, MovementModel.status)
    ):
        by_category[category] += count
        by_status[status] += count
    return by_category, by_status


def _due_counts(today: date) -> tuple[int, int]:
    due = MovementModel.next_review_due_on
    soon = func.sum(case((due.between(today, today + timedelta(days=DUE_SOON_DAYS)), 1), else_=0))
    late = func.sum(case((due < today, 1), else_=0))
    row = db.session.execute(
        select(soon, late).where(MovementModel.status.in_(SCHEDULED_STATUSES), due.is_not(None))
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def dashboard(province: Province, today: date) -> Dashboard:
    due_soon, overdue = _due_counts(today)
    by_category, by_status = _counts()
    stored, refreshed_at = summary.one_province(province)
    return Dashboard(
        by_category=_largest_first(by_category), by_status=_largest_first(by_status),
        coverage=Coverage(stored.wards_covered, stored.wards_total), due_soon=due_soon, overdue=overdue,
        on_time=on_time_share(Filters(), today), last_ratings=list(stored.last_ratings.items()),
        refreshed_at=refreshed_at,
    )
