"""The kept counters (``registry.figures.models``), counted again in the transaction of every
write that changes what they count, from the same rules the pages use.

As a transaction goes, each flush notes what it touched: the ward of every replication site
added, changed or removed (both wards when a site moves); every model whose status changed
(its sites' wards: a site is live only while its model runs); the province of every model
added or whose category, status or latest rating changed; the day (Vietnam's) of every review
submitted, changed or removed. Statements run through the session (bulk inserts, ``update()``)
note the rows they insert, else the whole province they work in, else everything, unless
they say ``execution_options(figures_noted=True)`` because their caller noted what they
change (``note_wards``).

When the session commits, the provinces touched are locked (``SELECT … FOR UPDATE`` on their
rows, in id order: on PostgreSQL two writers of one province then count one after the other,
each seeing the other's committed rows) and only what was noted is counted again: a ward's
live sites, a province's models, a province's reviews of one day. Nothing is incremented, so a
count can never drift from the rows; ``recount_all`` (``flask --app wsgi refresh-figures``,
the end of ``generate-scale``) rebuilds every counter after writes that bypass the session.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, delete, event, func, insert, inspect, or_, select
from sqlalchemy.orm import ORMExecuteState, Session

from registry.clock import local_date, start_of_day, vietnam_date
from registry.extensions import db
from registry.figures import rules
from registry.figures.models import NO_RATING, ModelFigures, ReviewFigures, WardFigures
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite
from registry.reviews.models import Review
from registry.tenants.models import Province
from registry.tenants.scoping import current_scope

log = logging.getLogger(__name__)

_PENDING = "figures_pending"
# Statements of the counters themselves: no scoping (the province is explicit), nothing to note.
_OWN = {"skip_tenant_scope": True, "figures_noted": True}
_SITE_KEYS = ("status", "ward_id", "model_id", "province_id")
_MODEL_KEYS = ("category", "status", "last_rating", "province_id")
_REVIEW_KEYS = ("status", "submitted_at", "due_on", "province_id")
ALL = None  # "every ward" / "every day" of a province


@dataclass
class Pending:
    """What a transaction changed that the counters count, by province."""

    wards: dict[int, set[int] | None] = field(default_factory=dict)  # province → ward ids, or ALL
    days: dict[int, set[date] | None] = field(default_factory=dict)  # province → days, or ALL
    model_provinces: set[int] = field(default_factory=set)
    models_of_sites: set[int] = field(default_factory=set)  # models whose sites' liveness changed
    everything: bool = False

    def add_ward(self, province_id, ward_id) -> None:
        if province_id is not None and ward_id is not None:
            kept = self.wards.setdefault(province_id, set())
            if kept is not ALL:
                kept.add(ward_id)

    def add_day(self, province_id, moment) -> None:
        if province_id is not None and moment is not None:
            kept = self.days.setdefault(province_id, set())
            if kept is not ALL:
                kept.add(local_date(moment))

    def whole_province(self, province_id: int) -> None:
        self.wards[province_id] = ALL
        self.days[province_id] = ALL
        self.model_provinces.add(province_id)

    @property
    def empty(self) -> bool:
        return not (self.wards or self.days or self.model_provinces or self.models_of_sites or self.everything)


def _pending(session: Session) -> Pending:
    return session.info.setdefault(_PENDING, Pending())


def note_wards(session: Session, province_id: int, ward_ids) -> None:
    """Count these wards' live sites again when ``session`` commits (for writes that say
    ``figures_noted``)."""
    for ward_id in ward_ids:
        _pending(session).add_ward(province_id, ward_id)


def note_province(session: Session, province_id: int) -> None:
    """Count every figure of the province again when ``session`` commits (after plain SQL)."""
    _pending(session).whole_province(province_id)


def note_everything(session: Session) -> None:
    """Rebuild every counter when ``session`` commits."""
    _pending(session).everything = True


def _values(row, name: str) -> set:
    """Every value the attribute held in this flush: the loaded or old one, and the new one."""
    history = inspect(row).attrs[name].history
    return {value for value in (*history.added, *history.unchanged, *history.deleted) if value is not None} or (
        {getattr(row, name)} - {None})


def _changed(row, names) -> bool:
    state = inspect(row)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_flush")
def _note_changed_rows(session: Session, _context, _instances) -> None:
    """Rows changed or removed: read here, while their old values are still known."""
    pending = _pending(session)
    for row in session.dirty:
        if isinstance(row, ReplicationSite) and _changed(row, _SITE_KEYS):
            for province_id in _values(row, "province_id"):
                for ward_id in _values(row, "ward_id"):
                    pending.add_ward(province_id, ward_id)
        elif isinstance(row, MovementModel) and _changed(row, _MODEL_KEYS):
            pending.model_provinces.update(_values(row, "province_id"))
            if _changed(row, ("status",)):
                pending.models_of_sites.add(row.id)
        elif isinstance(row, Review) and _changed(row, _REVIEW_KEYS):
            for province_id in _values(row, "province_id"):
                for moment in _values(row, "submitted_at"):
                    pending.add_day(province_id, moment)
    for row in session.deleted:
        if isinstance(row, ReplicationSite):
            pending.add_ward(row.province_id, row.ward_id)
        elif isinstance(row, MovementModel):  # its sites and reviews go with it (ON DELETE CASCADE)
            pending.whole_province(row.province_id)
        elif isinstance(row, Review):
            pending.add_day(row.province_id, row.submitted_at)


@event.listens_for(Session, "after_flush")
def _note_new_rows(session: Session, _context) -> None:
    """Rows added: read after the flush, which has filled in their keys."""
    pending = _pending(session)
    for row in session.new:
        if isinstance(row, ReplicationSite):
            pending.add_ward(row.province_id, row.ward_id)
        elif isinstance(row, MovementModel):
            pending.model_provinces.add(row.province_id)
        elif isinstance(row, Review):
            pending.add_day(row.province_id, row.submitted_at)


_TABLES = {ReplicationSite.__tablename__, MovementModel.__tablename__, Review.__tablename__}


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or state.execution_options.get("figures_noted"):
        return
    table = state.statement.table.name
    if table not in _TABLES:
        return
    pending = _pending(state.session)
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    if state.is_insert and all(row.get("province_id") is not None for row in rows):
        for row in rows:
            if table == ReplicationSite.__tablename__:
                pending.add_ward(row["province_id"], row.get("ward_id"))
            elif table == MovementModel.__tablename__:
                pending.model_provinces.add(row["province_id"])
            else:
                pending.add_day(row["province_id"], row.get("submitted_at"))
        return
    scope = current_scope()
    if isinstance(scope, int):
        pending.whole_province(scope)
    else:
        pending.everything = True


@event.listens_for(Session, "before_commit")
def _count_again(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this event: note its rows first
    pending = session.info.pop(_PENDING, None)
    if pending is None or pending.empty:
        return
    if pending.everything:
        recount_all(session)
        return
    for province_id, ward_id in session.execute(
        select(ReplicationSite.province_id, ReplicationSite.ward_id).distinct()
        .where(ReplicationSite.model_id.in_(pending.models_of_sites)).execution_options(**_OWN)
    ) if pending.models_of_sites else ():
        pending.add_ward(province_id, ward_id)
    provinces = sorted(set(pending.wards) | set(pending.days) | pending.model_provinces)
    _lock(session, provinces)
    for province_id, ward_ids in pending.wards.items():
        count_wards(session, province_id, ward_ids)
    for province_id in pending.model_provinces:
        count_models(session, province_id)
    for province_id, days in pending.days.items():
        count_days(session, province_id, days)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _lock(session: Session, province_ids: list[int]) -> None:
    if province_ids:
        session.execute(select(Province.id).where(Province.id.in_(province_ids)).order_by(Province.id)
                        .with_for_update().execution_options(**_OWN)).all()


# -- Counting, from the rules -------------------------------------------------------------------

# The columns each counting statement fills, in its order.
_COLUMNS = {
    WardFigures: ("ward_id", "province_id", "live_sites", "sites"),
    ModelFigures: ("province_id", "category", "status", "last_rating", "models"),
    ReviewFigures: ("province_id", "submitted_on", "submitted", "on_time"),
}


def _replace(session: Session, counter, kept: list, counting) -> None:
    """The ``counter`` rows ``kept`` selects, replaced by what ``counting`` counts now."""
    session.execute(delete(counter).where(*kept).execution_options(**_OWN))
    session.execute(insert(counter).from_select(_COLUMNS[counter], counting).execution_options(**_OWN))

def _sites_by_ward(*where):
    """Each ward's sites and live sites (a ward with sites, none live, has a row of 0 live)."""
    site, model = ReplicationSite, MovementModel
    return (
        select(site.ward_id, site.province_id, func.count(rules.counted(rules.live_site(site, model))), func.count())
        .join(model, model.id == site.model_id)
        .where(*where)
        .group_by(site.ward_id, site.province_id)
    )


def count_wards(session: Session, province_id: int, ward_ids: set[int] | None = ALL) -> None:
    """Count the sites and live sites of the province's wards (``ward_ids``, or all) again."""
    kept, counted = [WardFigures.province_id == province_id], [ReplicationSite.province_id == province_id]
    if ward_ids is not ALL:
        if not ward_ids:
            return
        kept.append(WardFigures.ward_id.in_(ward_ids))
        counted.append(ReplicationSite.ward_id.in_(ward_ids))
    _replace(session, WardFigures, kept, _sites_by_ward(*counted))


def _models_by_kind(*where):
    model = MovementModel
    rating = func.coalesce(model.last_rating, NO_RATING)
    return (
        select(model.province_id, model.category, model.status, rating, func.count())
        .where(*where).group_by(model.province_id, model.category, model.status, rating)
    )


def count_models(session: Session, province_id: int) -> None:
    """Count the province's models by category, status and latest rating again."""
    _replace(session, ModelFigures, [ModelFigures.province_id == province_id],
             _models_by_kind(MovementModel.province_id == province_id))


def _reviews_by_day(*where):
    review, day = Review, vietnam_date(Review.submitted_at)
    return (
        select(review.province_id, day, func.count(), func.count(rules.on_time_count(review)))
        .where(rules.timed(review), *where).group_by(review.province_id, day)
    )


def _on_days(days: set[date]):
    """SQL: submitted on one of ``days`` (Vietnam's), as ranges the submission index serves."""
    return or_(*(and_(Review.submitted_at >= start_of_day(day), Review.submitted_at < start_of_day(day + timedelta(days=1)))
                 for day in sorted(days)))


def count_days(session: Session, province_id: int, days: set[date] | None = ALL) -> None:
    """Count the province's reviews submitted on ``days`` (or on any day) again."""
    kept, counted = [ReviewFigures.province_id == province_id], [Review.province_id == province_id]
    if days is not ALL:
        if not days:
            return
        kept.append(ReviewFigures.submitted_on.in_(days))
        counted.append(_on_days(days))
    _replace(session, ReviewFigures, kept, _reviews_by_day(*counted))


def recount_all(session: Session | None = None) -> dict[str, int]:
    """Every counter rebuilt from the rows, province by province, in the caller's transaction;
    returns the rows kept per counter."""
    session = session or db.session
    for province_id in session.scalars(select(Province.id).order_by(Province.id).execution_options(**_OWN)).all():
        count_wards(session, province_id)
        count_models(session, province_id)
        count_days(session, province_id)
    kept = {counter.__tablename__: session.scalar(select(func.count()).select_from(counter).execution_options(**_OWN))
            for counter in (WardFigures, ModelFigures, ReviewFigures)}
    log.info("figures counted again: %s", kept)
    return kept
