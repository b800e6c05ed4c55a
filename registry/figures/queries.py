"""Reading the figures, for one province or all: what every page, export, mail and job shows.

Each figure comes from one place and costs a fixed number of statements whatever the data:

- coverage: the kept ward counters (``WardFigures``: at most 3,321 rows), over the wards;
- models by category, status and latest rating: the kept ``ModelFigures`` (a few hundred rows);
- reviews on time in the last 12 months: the kept per-day ``ReviewFigures`` (≤ 366 rows a province);
- overdue and due soon: counted live on ``movement_model``'s due-date indexes;
- live sites and wards reached of given models: counted live on the sites' model index;
- nominations by state and recognitions: counted live (hundreds of rows, partial index).

Province-owned rows read here go through the usual scoping (the current province, or the
national scope of a ministry page); the counters are read with an explicit province.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, distinct, func, select

from registry.extensions import db
from registry.figures import rules
from registry.figures.models import NO_RATING, ModelFigures, ReviewFigures, WardFigures
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.replication.models import ReplicationSite
from registry.tenants.models import Province, Ward


@dataclass(frozen=True)
class Coverage:
    """Wards with at least one live site, of all the province's wards."""

    wards_covered: int
    wards_total: int

    @property
    def share(self) -> float:
        return self.wards_covered / self.wards_total if self.wards_total else 0.0


_COVERED = WardFigures.live_sites > 0  # a ward with sites, none of them live, is not covered


def coverage(province_id: int) -> Coverage:
    """The province's coverage, in one statement."""
    covered = select(func.count()).select_from(WardFigures).where(WardFigures.province_id == province_id, _COVERED)
    total = select(func.count(Ward.id)).where(Ward.province_id == province_id)
    row = db.session.execute(select(covered.scalar_subquery(), total.scalar_subquery())).one()
    return Coverage(row[0] or 0, row[1] or 0)


def _wards_by_province():
    return select(Ward.province_id, func.count(Ward.id).label("wards")).group_by(Ward.province_id).subquery()


def _covered_by_province():
    return (select(WardFigures.province_id, func.count().label("covered")).where(_COVERED)
            .group_by(WardFigures.province_id).subquery())


def _timeliness_by_province(today: date):
    return (
        select(ReviewFigures.province_id, func.sum(ReviewFigures.on_time).label("on_time"),
               func.sum(ReviewFigures.submitted).label("submitted"))
        .where(ReviewFigures.submitted_on >= rules.timeliness_since(today)).group_by(ReviewFigures.province_id)
    ).subquery()


def _overdue_by_province(today: date, more_than_days: int = 0):
    rule = rules.overdue_by_more_than(more_than_days, today) if more_than_days else rules.overdue(today)
    return (select(MovementModel.province_id, func.count().label("overdue")).where(rule)
            .group_by(MovementModel.province_id)).subquery()


@dataclass(frozen=True)
class ProvinceFigures:
    """One province's row of the national figures."""

    id: int
    name: str
    slug: str
    coverage: Coverage
    on_time: OnTime
    overdue: int


def province_figures(today: date) -> list[ProvinceFigures]:
    """Every province with its coverage, on-time share and overdue count, in one statement
    (the kept ward and day counters, the due-date index); call in national scope."""
    wards, covered = _wards_by_province(), _covered_by_province()
    timely, late = _timeliness_by_province(today), _overdue_by_province(today)
    rows = db.session.execute(
        select(Province.id, Province.name, Province.slug, wards.c.wards, covered.c.covered,
               timely.c.on_time, timely.c.submitted, late.c.overdue)
        .outerjoin(wards, wards.c.province_id == Province.id).outerjoin(covered, covered.c.province_id == Province.id)
        .outerjoin(timely, timely.c.province_id == Province.id).outerjoin(late, late.c.province_id == Province.id)
    )
    return [ProvinceFigures(pid, name, slug, Coverage(covered_n or 0, wards_n or 0),
                            OnTime(int(on_time or 0), int(submitted or 0)), overdue or 0)
            for pid, name, slug, wards_n, covered_n, on_time, submitted, overdue in rows]


@dataclass(frozen=True)
class SiteFigures:
    """Live sites, and the distinct wards they are in."""

    live_sites: int = 0
    wards_reached: int = 0


def site_figures(model_ids: list[int]) -> dict[int, SiteFigures]:
    """Live sites and wards reached of each of ``model_ids`` (a model not running has none)."""
    if not model_ids:
        return {}
    site, model = ReplicationSite, MovementModel
    rows = db.session.execute(
        select(site.model_id, func.count(site.id), func.count(distinct(site.ward_id)))
        .join(model, model.id == site.model_id)
        .where(site.model_id.in_(model_ids), rules.live_site(site, model))
        .group_by(site.model_id)
    ).all()
    return {model_id: SiteFigures(sites, wards) for model_id, sites, wards in rows}


def site_figures_among(statement) -> SiteFigures:
    """Live sites and wards reached among the sites ``statement`` selects (it joins the model)."""
    sites, wards = db.session.execute(
        statement.order_by(None)
        .with_only_columns(func.count(ReplicationSite.id), func.count(distinct(ReplicationSite.ward_id)))
        .where(rules.live_site(ReplicationSite, MovementModel))
    ).one()
    return SiteFigures(sites or 0, wards or 0)


@dataclass(frozen=True)
class SiteList:
    """The figures above a list of sites: how many it lists, the live ones among them, and the
    province's coverage."""

    listed: int
    live: SiteFigures
    coverage: Coverage


def site_list_figures(province_id: int, criteria: list | None = None) -> SiteList:
    """The figures of the province's sites list, in one statement whatever the filters.

    Without ``criteria`` (the whole province) every figure is the kept ward counters': the sites,
    the live ones, and the wards reached (the coverage's own rows); nothing grows with the province.
    With ``criteria`` (conditions on ``replication_site``'s own columns, no join) the listed
    sites are counted once, their liveness read from the province's running models (a hashed
    list of ids, not a join of ``movement_model`` or ``ward``).
    """
    site = ReplicationSite
    wards = select(func.count(Ward.id)).where(Ward.province_id == province_id).scalar_subquery()
    covered = (select(func.count()).select_from(WardFigures).where(WardFigures.province_id == province_id, _COVERED)
               .scalar_subquery())
    if criteria is None:
        kept = (select(func.sum(WardFigures.sites).label("sites"), func.sum(WardFigures.live_sites).label("live"))
                .where(WardFigures.province_id == province_id).subquery())
        listed, live = (select(column).scalar_subquery() for column in kept.c)
        row = db.session.execute(select(listed, live, covered, covered, wards)).one()
    else:
        is_live = rules.live_site_of(province_id, site)
        counts = (select(func.count(), func.count(rules.counted(is_live)),
                         func.count(distinct(case((is_live, site.ward_id)))))
                  .select_from(site).where(*criteria).subquery())
        row = db.session.execute(select(*counts.c, covered, wards)).one()
    listed_n, live_n, reached, covered_n, wards_n = (int(value or 0) for value in row)
    return SiteList(listed_n, SiteFigures(live_n, reached), Coverage(covered_n, wards_n))


@dataclass(frozen=True)
class OnTime:
    """Reviews submitted in the last 12 months with a due date, and how many by that date."""

    on_time: int
    total: int

    @property
    def share(self) -> float | None:
        return self.on_time / self.total if self.total else None


def timeliness_counts(today: date, province_id: int):
    """SELECT (on time, submitted) of the province's last 12 months, from its day counters."""
    return (select(func.sum(ReviewFigures.on_time), func.sum(ReviewFigures.submitted))
            .where(ReviewFigures.province_id == province_id,
                   ReviewFigures.submitted_on >= rules.timeliness_since(today)))


def timeliness(today: date, province_id: int) -> OnTime:
    """The province's on-time share of the last 12 months, from its day counters."""
    on_time, total = db.session.execute(timeliness_counts(today, province_id)).one()
    return OnTime(int(on_time or 0), int(total or 0))


@dataclass
class ModelCounts:
    """Models of a province counted by category, by status, and running models by the rating of
    their latest review."""

    by_category: Counter
    by_status: Counter
    running_by_rating: Counter

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def model_counts(province_id: int) -> ModelCounts:
    """The province's kept model counters (a few dozen rows)."""
    counts = ModelCounts(Counter(), Counter(), Counter())
    for category, status, rating, models in db.session.execute(
        select(ModelFigures.category, ModelFigures.status, ModelFigures.last_rating, ModelFigures.models)
        .where(ModelFigures.province_id == province_id)
    ):
        counts.by_category[category] += models
        counts.by_status[status] += models
        if rating != NO_RATING and rules.is_running_status(status):
            counts.running_by_rating[rating] += models
    return counts


@dataclass
class NationalModelCounts:
    """A province's models per category, and how many of them run, for the national dashboard."""

    by_category: Counter
    running: int

    @property
    def total(self) -> int:
        return sum(self.by_category.values())


def national_model_counts() -> dict[int, NationalModelCounts]:
    """Every province's models per category and running ones, summed in SQL (≤ 34 × 13 rows)."""
    counts: dict[int, NationalModelCounts] = {}
    for pid, category, models, running in db.session.execute(
        select(ModelFigures.province_id, ModelFigures.category, func.sum(ModelFigures.models),
               func.sum(rules.counted_as(rules.running(ModelFigures), ModelFigures.models)))
        .group_by(ModelFigures.province_id, ModelFigures.category)
    ):
        kept = counts.setdefault(pid, NationalModelCounts(Counter(), 0))
        kept.by_category[category] += int(models)
        kept.running += int(running or 0)
    return counts


def due_counts(today: date) -> tuple[int, int]:
    """(overdue, due soon) of the current province's models: one statement on the due-date index."""
    overdue, soon = db.session.execute(select(
        func.count(rules.counted(rules.overdue(today))), func.count(rules.counted(rules.due_soon(today))),
    ).where(rules.running(), MovementModel.next_review_due_on.is_not(None))).one()
    return overdue or 0, soon or 0


def overdue_by_province(today: date, more_than_days: int = 0) -> dict[int, int]:
    """Models overdue (by more than ``more_than_days``) per province; call in national scope."""
    late = _overdue_by_province(today, more_than_days)
    return dict(db.session.execute(select(late.c.province_id, late.c.overdue)).all())


def recognised_by_province_and_year() -> list[tuple[int, int, int]]:
    """(province id, year, models recognised that year): the partial index of recognitions."""
    return db.session.execute(
        select(MovementModel.province_id, MovementModel.recognised_year, func.count())
        .where(MovementModel.recognised_year.is_not(None))
        .group_by(MovementModel.province_id, MovementModel.recognised_year)
    ).all()


def nominations_by_state(statement=None) -> dict[str, int]:
    """Nominations the ministry counts, by state; ``statement`` may add joins and filters to
    ``select(Nomination.status, count)``."""
    statement = statement if statement is not None else select(Nomination.status, func.count(Nomination.id))
    return dict(db.session.execute(
        statement.where(rules.seen_by_ministry(Nomination)).group_by(Nomination.status)).all())
