"""The national figures: each province's, computed by grouped queries over every model, site
and review (``province_rows``, a few hundred milliseconds at national size, so run by the job
that refreshes ``registry.national.summary``), and the small live ones (recognitions, pipeline)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, distinct, func, select

from registry.extensions import db
from registry.movement.models import ACTIVE, ENDED, MovementModel
from registry.nominations.models import Nomination
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.clock import vietnam_date
from registry.reviews.models import REVIEW_SUBMITTED, Review
from registry.reviews.queries import ranked_reviews
from registry.reviews.schedule import add_months
from registry.tenants.models import Province, Ward
from registry.text import fold


@dataclass
class ProvinceRow:
    id: int
    name: str
    slug: str
    wards_total: int = 0
    wards_covered: int = 0
    models: int = 0
    active_models: int = 0
    recognised: int = 0
    reviews_submitted: int = 0
    reviews_on_time: int = 0
    overdue: int = 0
    by_category: Counter = field(default_factory=Counter)
    last_ratings: Counter = field(default_factory=Counter)  # the rating of each model's latest review

    @property
    def coverage(self) -> float:
        return self.wards_covered / self.wards_total if self.wards_total else 0.0

    @property
    def on_time_share(self) -> float | None:
        """Share of the last 12 months' submitted reviews that came in by their due date."""
        return self.reviews_on_time / self.reviews_submitted if self.reviews_submitted else None


@dataclass
class NationalFigures:
    provinces: list[ProvinceRow]
    by_category: Counter
    recognised_by_year: dict[int, int]
    pipeline: dict[str, int]

    @property
    def totals(self) -> ProvinceRow:
        total = ProvinceRow(0, "", "")
        for row in self.provinces:
            for name in ("wards_total", "wards_covered", "models", "active_models", "recognised",
                         "reviews_submitted", "reviews_on_time", "overdue"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


def national_figures(provinces: list[ProvinceRow]) -> NationalFigures:
    """The dashboard's figures from the provinces' rows, with the small live ones added."""
    by_category: Counter = Counter()
    for row in provinces:
        by_category.update(row.by_category)
    recognised_by_year = dict(db.session.execute(
        select(MovementModel.recognised_year, func.count()).where(MovementModel.recognised_year.is_not(None))
        .group_by(MovementModel.recognised_year).order_by(MovementModel.recognised_year)
    ).all())
    pipeline = dict(db.session.execute(
        select(Nomination.status, func.count()).where(Nomination.status != "draft").group_by(Nomination.status)
    ).all())
    return NationalFigures(sorted(provinces, key=SORT_KEYS["province"]), by_category, recognised_by_year, pipeline)


def province_rows(today: date) -> list[ProvinceRow]:
    """Every province's figures, live. Reads across provinces: the refresh job, or ``national_scope``."""
    rows = {
        pid: ProvinceRow(pid, name, slug, wards_total=wards)
        for pid, name, slug, wards in db.session.execute(
            select(Province.id, Province.name, Province.slug, func.count(Ward.id))
            .outerjoin(Ward, Ward.province_id == Province.id).group_by(Province.id).order_by(Province.name)
        )
    }
    overdue = case(((MovementModel.next_review_due_on < today) & (MovementModel.status != ENDED), 1))
    for pid, category, models, active, recognised, late in db.session.execute(
        select(MovementModel.province_id, MovementModel.category, func.count(),
               func.count(case((MovementModel.status == ACTIVE, 1))),
               func.count(MovementModel.recognised_year), func.count(overdue))
        .group_by(MovementModel.province_id, MovementModel.category)
    ):
        row = rows[pid]
        row.by_category[category] += models
        row.models += models
        row.active_models += active
        row.recognised += recognised
        row.overdue += late
    for pid, covered in db.session.execute(
        select(ReplicationSite.province_id, func.count(distinct(ReplicationSite.ward_id)))
        .where(ReplicationSite.status == SITE_ACTIVE).group_by(ReplicationSite.province_id)
    ):
        rows[pid].wards_covered = covered
    on_time = case((vietnam_date(Review.submitted_at) <= Review.due_on, 1))
    for pid, submitted, in_time in db.session.execute(
        select(Review.province_id, func.count(), func.count(on_time))
        .where(Review.status == REVIEW_SUBMITTED, Review.due_on.is_not(None),
               vietnam_date(Review.submitted_at) > add_months(today, -12))
        .group_by(Review.province_id)
    ):
        rows[pid].reviews_submitted, rows[pid].reviews_on_time = submitted, in_time
    ranked = ranked_reviews()
    for pid, rating, count in db.session.execute(
        select(MovementModel.province_id, ranked.c.rating, func.count())
        .join(MovementModel, MovementModel.id == ranked.c.model_id)
        .where(ranked.c.recency == 1, MovementModel.status != ENDED, ranked.c.rating.is_not(None))
        .group_by(MovementModel.province_id, ranked.c.rating)
    ):
        rows[pid].last_ratings[rating] = count
    return list(rows.values())


SORT_KEYS = {
    "province": lambda row: fold(row.name),
    "models": lambda row: row.models,
    "recognised": lambda row: row.recognised,
    "coverage": lambda row: row.coverage,
    "on_time": lambda row: -1 if row.on_time_share is None else row.on_time_share,
    "overdue": lambda row: row.overdue,
}


def sorted_provinces(rows: list[ProvinceRow], key: str, descending: bool) -> list[ProvinceRow]:
    """Provinces by one column, ties by name; unknown keys sort by name."""
    by_name = sorted(rows, key=SORT_KEYS["province"])
    return sorted(by_name, key=SORT_KEYS.get(key, SORT_KEYS["province"]), reverse=descending)
