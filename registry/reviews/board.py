"""The province reviews board: due soon, overdue, submitted this quarter, on-time share.

One statement for all the counts and one per list, whatever the number of models or
reviews (the due date is kept on the model, indexed, by ``schedule.refresh_due_date``);
each list shows its first ``SHOWN`` rows, the most urgent first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import joinedload, noload

from registry.extensions import db
from registry.movement.models import ACTIVE, SUSPENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.reviews.models import REVIEW_SUBMITTED, Review
from registry.clock import quarter_start, start_of_day, vietnam_date
from registry.reviews.schedule import add_months

DUE_SOON_DAYS = 30
SHOWN = 25  # rows per list, the most urgent; the counts cover them all
SCHEDULED_STATUSES = (ACTIVE, SUSPENDED)


@dataclass(frozen=True)
class Filters:
    ward_id: int | None = None
    category: str | None = None
    officer_id: int | None = None


def _model_criteria(filters: Filters) -> list:
    criteria = []
    if filters.category:
        criteria.append(MovementModel.category == filters.category)
    if filters.ward_id:
        criteria.append(or_(
            MovementModel.origin_ward_id == filters.ward_id,
            exists().where(ReplicationSite.model_id == MovementModel.id, ReplicationSite.ward_id == filters.ward_id,
                           ReplicationSite.status == SITE_ACTIVE),
        ))
    if filters.officer_id:
        reviewed_by_officer = exists().where(Review.model_id == MovementModel.id, Review.author_id == filters.officer_id)
        criteria.append(or_(MovementModel.created_by_id == filters.officer_id, reviewed_by_officer))
    return criteria


def _scheduled_models(filters: Filters, *where):
    return (
        select(MovementModel)
        .where(MovementModel.status.in_(SCHEDULED_STATUSES), MovementModel.next_review_due_on.is_not(None), *where)
        .where(*_model_criteria(filters))
    )


def _due_soon_criteria(today: date) -> tuple:
    return (MovementModel.next_review_due_on >= today,
            MovementModel.next_review_due_on <= today + timedelta(days=DUE_SOON_DAYS))


def _first(statement, limit: int) -> list[MovementModel]:
    statement = statement.options(joinedload(MovementModel.origin_ward))
    return list(db.session.scalars(
        statement.order_by(MovementModel.next_review_due_on, MovementModel.name).limit(limit)))


def due_soon(filters: Filters, today: date, limit: int = SHOWN) -> list[MovementModel]:
    """The first ``limit`` models due today or in the next 30 days, soonest first."""
    return _first(_scheduled_models(filters, *_due_soon_criteria(today)), limit)


def overdue(filters: Filters, today: date, limit: int = SHOWN) -> list[tuple[MovementModel, int]]:
    """The ``limit`` models longest past their due date, with the days late."""
    models = _first(_scheduled_models(filters, MovementModel.next_review_due_on < today), limit)
    return [(model, (today - model.next_review_due_on).days) for model in models]


def _submitted_criteria(filters: Filters, since: date) -> list:
    criteria = [Review.status == REVIEW_SUBMITTED, Review.submitted_at >= start_of_day(since),
                *_model_criteria(Filters(filters.ward_id, filters.category))]
    if filters.officer_id:
        criteria.append(or_(Review.author_id == filters.officer_id, MovementModel.created_by_id == filters.officer_id))
    return criteria


def _submitted(filters: Filters, since: date, *columns):
    """SELECT ``columns`` of the reviews submitted since ``since``; the model is joined only to filter."""
    statement = select(*columns)
    if filters.ward_id or filters.category or filters.officer_id:
        statement = statement.join(Review.model)
    return statement.where(*_submitted_criteria(filters, since))


def submitted_this_quarter(filters: Filters, today: date, limit: int = SHOWN) -> list[Review]:
    """The ``limit`` reviews submitted last this quarter."""
    statement = (
        _submitted(filters, quarter_start(today), Review).options(noload(Review.values), joinedload(Review.model))
        .order_by(Review.submitted_at.desc(), Review.id.desc()).limit(limit)
    )
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class OnTime:
    on_time: int
    total: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.total if self.total else None


def _on_time_counts(filters: Filters, today: date):
    """(reviews, on time) submitted in the last 12 months, as one SELECT."""
    on_time = case((vietnam_date(Review.submitted_at) <= Review.due_on, 1))
    return _submitted(filters, add_months(today, -12), func.count(Review.id), func.count(on_time)).where(
        Review.due_on.is_not(None))


def on_time_share(filters: Filters, today: date) -> OnTime:
    """Reviews submitted in the last 12 months on or before the due date they answered
    (the day in Vietnam)."""
    total, in_time = db.session.execute(_on_time_counts(filters, today)).one()
    return OnTime(in_time or 0, total or 0)


@dataclass(frozen=True)
class Counts:
    overdue: int
    due_soon: int
    submitted: int
    on_time: OnTime


def _count(statement):
    return select(func.count()).select_from(statement.subquery()).scalar_subquery()


def counts(filters: Filters, today: date) -> Counts:
    """The board's figures, whatever it lists, in one statement."""
    on_time = _on_time_counts(filters, today).subquery()
    row = db.session.execute(select(
        _count(_scheduled_models(filters, MovementModel.next_review_due_on < today)),
        _count(_scheduled_models(filters, *_due_soon_criteria(today))),
        _count(_submitted(filters, quarter_start(today), Review.id)),
        *on_time.c,
    )).one()
    return Counts(row[0], row[1], row[2], OnTime(row[4] or 0, row[3] or 0))
