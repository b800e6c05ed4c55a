"""The national figures: every province's row and the totals, the headline and the charts all
made from the same numbers (``registry.figures``), in a fixed number of statements: the kept
counters for models, coverage and timeliness, the due-date index for what is overdue, the
recognitions' partial index and the nominations the ministry counts. Read across provinces:
call in ``national_scope`` (after the role check)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from registry.extensions import db
from registry.figures import queries as figures
from registry.figures import rules
from registry.movement.models import CATEGORIES, STATUSES, MovementModel
from registry.tenants.models import Province
from registry.text import fold
from registry.web import int_arg


@dataclass
class ProvinceRow:
    id: int
    name: str
    slug: str
    wards_total: int = 0
    wards_covered: int = 0
    models: int = 0
    active_models: int = 0  # running
    recognised: int = 0
    reviews_submitted: int = 0
    reviews_on_time: int = 0
    overdue: int = 0
    by_category: Counter = field(default_factory=Counter)

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


def national_figures(today: date) -> NationalFigures:
    """Every province's figures and the national ones, from one set of readings."""
    rows = {}
    for kept in figures.province_figures(today):
        rows[kept.id] = ProvinceRow(
            kept.id, kept.name, kept.slug, wards_total=kept.coverage.wards_total,
            wards_covered=kept.coverage.wards_covered, reviews_submitted=kept.on_time.total,
            reviews_on_time=kept.on_time.on_time, overdue=kept.overdue)
    by_category: Counter = Counter()
    for pid, counts in figures.national_model_counts().items():
        row = rows[pid]
        row.by_category, row.models, row.active_models = counts.by_category, counts.total, counts.running
        by_category.update(counts.by_category)
    recognised_by_year: Counter = Counter()
    for pid, year, count in figures.recognised_by_province_and_year():
        rows[pid].recognised += count
        recognised_by_year[year] += count
    return NationalFigures(sorted(rows.values(), key=SORT_KEYS["province"]), by_category,
                           dict(sorted(recognised_by_year.items())), figures.nominations_by_state())


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


PER_PAGE = 50


@dataclass(frozen=True)
class ModelFilters:
    """The national list of models behind a figure of the dashboard, as it stands in the URL:
    each filter is the one the figure counts with (``registry.figures.rules``)."""

    province: str = ""
    category: str = ""
    status: str = ""
    year: int | None = None  # recognised that year
    recognised: bool = False
    overdue: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args) -> ModelFilters:
        category, status = args.get("category", ""), args.get("status", "")
        return cls(province=args.get("province", "")[:60], category=category if category in CATEGORIES else "",
                   status=status if status in STATUSES else "", year=int_arg("year", args=args),
                   recognised=args.get("recognised") in ("1", "yes"), overdue=args.get("overdue") in ("1", "on", "yes"),
                   page=max(1, min(int_arg("page", 1, args) or 1, 100_000)))

    def args(self, **changes) -> dict:
        values = {"province": self.province, "category": self.category, "status": self.status, "year": self.year,
                  "recognised": 1 if self.recognised else None, "overdue": 1 if self.overdue else None, "page": self.page if self.page > 1 else None, **changes}
        return {key: value for key, value in values.items() if value}


def national_models(filters: ModelFilters, today: date) -> tuple[list, int]:
    """One page of (model, province) rows across provinces and the total; call in national scope."""
    statement = select(MovementModel, Province).join(Province, Province.id == MovementModel.province_id)
    if filters.province:
        statement = statement.where(Province.slug == filters.province)
    if filters.category:
        statement = statement.where(MovementModel.category == filters.category)
    if filters.status:
        statement = statement.where(MovementModel.status == filters.status)
    if filters.year:
        statement = statement.where(MovementModel.recognised_year == filters.year)
    if filters.recognised:
        statement = statement.where(MovementModel.recognised_year.is_not(None))
    if filters.overdue:
        statement = statement.where(rules.overdue(today))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    order = (MovementModel.next_review_due_on, MovementModel.id) if filters.overdue else (
        Province.name, MovementModel.name_folded, MovementModel.id)
    rows = db.session.execute(statement.order_by(*order).limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)).all()
    return rows, total
