"""The province reviews board: due soon, overdue, submitted this quarter, on-time share.

One statement for all the counts and one per list, whatever the number of models or
reviews (the due date is kept on the model, indexed, by ``schedule.refresh_due_date``);
each list shows its first ``SHOWN`` rows, the most urgent first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, noload

from registry.clock import quarter_start, start_of_day
from registry.extensions import db
from registry.figures import rules
from registry.figures import queries as figures
from registry.figures.queries import OnTime
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite
from registry.reviews.models import Review

DUE_SOON_DAYS = rules.DUE_SOON_DAYS
SHOWN = 25  # rows per list, the most urgent; the counts cover them all


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
                           rules.live_site(ReplicationSite, MovementModel)),
        ))
    if filters.officer_id:
        reviewed_by_officer = exists().where(Review.model_id == MovementModel.id, Review.author_id == filters.officer_id)
        criteria.append(or_(MovementModel.created_by_id == filters.officer_id, reviewed_by_officer))
    return criteria


def _scheduled_models(filters: Filters, rule):
    """The models ``rule`` (overdue, due soon) holds for, under the board's filters."""
    return select(MovementModel).where(rule, *_model_criteria(filters))


def _first(statement, limit: int) -> list[MovementModel]:
    statement = statement.options(joinedload(MovementModel.origin_ward))
    return list(db.session.scalars(
        statement.order_by(MovementModel.next_review_due_on, MovementModel.name).limit(limit)))


def due_soon(filters: Filters, today: date, limit: int = SHOWN) -> list[MovementModel]:
    """The first ``limit`` models due today or in the next 30 days, soonest first."""
    return _first(_scheduled_models(filters, rules.due_soon(today)), limit)


def overdue(filters: Filters, today: date, limit: int = SHOWN) -> list[tuple[MovementModel, int]]:
    """The ``limit`` models longest past their due date, with the days late."""
    models = _first(_scheduled_models(filters, rules.overdue(today)), limit)
    return [(model, rules.days_overdue(model, today)) for model in models]


def _submitted_criteria(filters: Filters, since: date) -> list:
    criteria = [rules.submitted(), Review.submitted_at >= start_of_day(since),
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


def _on_time_counts(filters: Filters, today: date):
    """(reviews, on time) submitted in the last 12 months, as one SELECT (``rules.on_time``; the
    dashboards read the same from the kept day counters, which know no filter)."""
    return _submitted(filters, rules.timeliness_since(today), func.count(),
                      func.count(rules.on_time_count())).where(rules.timed())


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


def counts(filters: Filters, today: date, province_id: int) -> Counts:
    """The board's figures, whatever it lists, in one statement.

    ``count(*)`` throughout (index-only scans: no row is read to see that its id is not null).
    Unfiltered, the on-time share is the province's kept day counters (``figures.timeliness``,
    as on the dashboards), not a count over a year of reviews.
    """
    if filters == Filters():
        on_time, timed = (select(column).scalar_subquery()
                          for column in figures.timeliness_counts(today, province_id).subquery().c)
    else:
        timed, on_time = (select(column).scalar_subquery() for column in _on_time_counts(filters, today).subquery().c)
    row = db.session.execute(select(
        _count(_scheduled_models(filters, rules.overdue(today)).with_only_columns(MovementModel.id)),
        _count(_scheduled_models(filters, rules.due_soon(today)).with_only_columns(MovementModel.id)),
        _count(_submitted(filters, quarter_start(today), Review.id)),
        timed, on_time,
    )).one()
    return Counts(row[0], row[1], row[2], OnTime(int(row[4] or 0), int(row[3] or 0)))

