"""The province reviews board: due soon, overdue, submitted this quarter, on-time share.

One query per section, whatever the number of models or reviews (the due date is kept
on the model, indexed, by ``schedule.refresh_due_date``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, noload

from registry.extensions import db
from registry.movement.models import ACTIVE, SUSPENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.reviews.models import REVIEW_SUBMITTED, Review
from registry.reviews.clock import local_date, quarter_start, start_of_day
from registry.reviews.schedule import add_months

DUE_SOON_DAYS = 30
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
    statement = (
        select(MovementModel).options(joinedload(MovementModel.origin_ward))
        .where(MovementModel.status.in_(SCHEDULED_STATUSES), MovementModel.next_review_due_on.is_not(None), *where)
        .where(*_model_criteria(filters)).order_by(MovementModel.next_review_due_on, MovementModel.name)
    )
    return list(db.session.scalars(statement))


def due_soon(filters: Filters, today: date) -> list[MovementModel]:
    """Models due today or in the next 30 days."""
    return _scheduled_models(filters, MovementModel.next_review_due_on >= today,
                             MovementModel.next_review_due_on <= today + timedelta(days=DUE_SOON_DAYS))


def overdue(filters: Filters, today: date) -> list[tuple[MovementModel, int]]:
    """Models past their due date, longest overdue first, with the days late."""
    models = _scheduled_models(filters, MovementModel.next_review_due_on < today)
    return [(model, (today - model.next_review_due_on).days) for model in models]


def _submitted_criteria(filters: Filters, since: date) -> list:
    criteria = [Review.status == REVIEW_SUBMITTED, Review.submitted_at >= start_of_day(since),
                *_model_criteria(Filters(filters.ward_id, filters.category))]
    if filters.officer_id:
        criteria.append(or_(Review.author_id == filters.officer_id, MovementModel.created_by_id == filters.officer_id))
    return criteria


def submitted_this_quarter(filters: Filters, today: date) -> list[Review]:
    statement = (
        select(Review).join(Review.model).options(noload(Review.values), joinedload(Review.model))
        .where(*_submitted_criteria(filters, quarter_start(today))).order_by(Review.submitted_at.desc())
    )
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class OnTime:
    on_time: int
    total: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.total if self.total else None


def on_time_share(filters: Filters, today: date) -> OnTime:
    """Reviews submitted in the last 12 months on or before the due date they answered."""
    rows = db.session.execute(
        select(Review.submitted_at, Review.due_on).join(Review.model)
        .where(*_submitted_criteria(filters, add_months(today, -12)), Review.due_on.is_not(None))
    ).all()
    return OnTime(sum(1 for submitted_at, due_on in rows if local_date(submitted_at) <= due_on), len(rows))
