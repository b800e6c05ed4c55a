"""The dashboard's charts and the lists each figure links to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from flask_babel import gettext as _

from registry.core.formatting import format_number, format_share, number_formatter
from registry.core.links import maybe_url
from registry.movement.models import CATEGORIES
from registry.national.charts import HATCHED, SOLID, simple_bars, split_bar
from registry.national.queries import NationalFigures
from registry.nominations.models import NOMINATION_STATUSES

# Where the list behind each kind of figure lives, as endpoints or URL rules of other areas.
# A figure is a link once one of them is registered; until then it is plain text.
LISTS = {
    "models": ("ministry.models", "/ministry/models"),
    "recognised": ("catalogue.index", "/catalogue"),
    "nominations": ("ministry.nominations", "/ministry/nominations"),
    "coverage": ("ministry.coverage", "/ministry/coverage"),
    "reviews": ("ministry.reviews", "/ministry/reviews"),
}
PIPELINE_ORDER = ("submitted", "under_review", "returned", "approved", "rejected", "withdrawn")


def list_url(kind: str, **filters) -> str | None:
    return maybe_url(*LISTS[kind], **filters)


def _linker() -> Callable[..., str | None]:
    """``list_url`` that asks only about the lists registered: which they are is read once per
    page, not once per province and cell (a list missing gives every figure of its kind as text)."""
    registered = {kind for kind in LISTS if list_url(kind) is not None}

    def link(kind: str, **filters) -> str | None:
        return list_url(kind, **filters) if kind in registered else None

    return link


@dataclass(frozen=True)
class Cell:
    label: str  # the column's, for the phone layout's data-label
    text: str
    href: str | None


def category_table(figures: NationalFigures, categories: dict[str, str], link) -> tuple[list[str], list]:
    """Models per province (rows with models) and category (the categories in use), each cell's
    text and link made here once: the 34 × 13 matrix is then a plain loop in the template."""
    used = [code for code in categories if code in figures.by_category]
    number = number_formatter()
    rows = []
    for row in figures.provinces:
        if not row.models:
            continue
        base = link("models", province=row.slug)
        cells = [Cell(categories[code], number(row.by_category[code]),
                      f"{base}{'&' if '?' in base else '?'}{urlencode({'category': code})}"
                      if base and row.by_category[code] else None)
                 for code in used]
        rows.append((row.name, cells))
    return [categories[code] for code in used], rows


def dashboard_context(figures: NationalFigures, categories: dict[str, str]) -> dict:
    """Charts, the province × category table (and the link helper) for the template, labels in
    the interface language."""
    list_url = _linker()
    provinces = figures.provinces
    by_coverage = sorted(provinces, key=lambda row: row.coverage, reverse=True)
    coverage_chart = simple_bars([
        (row.name, row.coverage,
         _("%(share)s (%(covered)s/%(total)s)", share=format_share(row.coverage),
           covered=format_number(row.wards_covered), total=format_number(row.wards_total)),
         list_url("coverage", province=row.slug))
        for row in by_coverage
    ], maximum=1.0)
    reviewed = sorted((row for row in provinces if row.reviews_submitted),
                      key=lambda row: row.on_time_share, reverse=True)
    timeliness_chart = [
        split_bar(row.name, [(row.reviews_on_time, SOLID), (row.reviews_submitted - row.reviews_on_time, HATCHED)],
                  row.reviews_submitted,
                  _("%(share)s on time (%(on_time)s of %(submitted)s)", share=format_share(row.on_time_share),
                    on_time=format_number(row.reviews_on_time), submitted=format_number(row.reviews_submitted)),
                  list_url("reviews", province=row.slug))
        for row in reviewed
    ]
    category_chart = simple_bars([
        (str(CATEGORIES.get(code, code)), count, format_number(count), list_url("models", category=code))
        for code, count in figures.by_category.most_common()
    ])
    recognised_chart = simple_bars([
        (str(year), count, format_number(count), list_url("recognised", year=year))
        for year, count in figures.recognised_by_year.items()
    ])
    pipeline_chart = simple_bars([
        (str(NOMINATION_STATUSES[status]), figures.pipeline.get(status, 0),
         format_number(figures.pipeline.get(status, 0)), list_url("nominations", status=status))
        for status in PIPELINE_ORDER
    ])
    return dict(coverage_chart=coverage_chart, timeliness_chart=timeliness_chart, category_chart=category_chart,
                recognised_chart=recognised_chart, pipeline_chart=pipeline_chart, list_url=list_url,
                unreviewed=[row for row in provinces if not row.reviews_submitted],
                category_table=category_table(figures, categories, list_url))
