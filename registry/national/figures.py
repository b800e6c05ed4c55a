"""The dashboard's charts, each bar a link to the list behind it (the filter that yields its number)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import url_for
from flask_babel import gettext as _

from registry.core.formatting import format_number, format_share, number_formatter
from registry.movement.models import CATEGORIES
from registry.national.charts import HATCHED, SOLID, simple_bars, split_bar
from registry.national.queries import NationalFigures
from registry.nominations.models import NOMINATION_STATUSES

PIPELINE_ORDER = ("submitted", "under_review", "returned", "approved", "rejected", "withdrawn")


def _share_text(count: int, whole: int) -> str:
    """A bar's value in words: the count and its share of the whole the bars divide."""
    return _("%(count)s (%(share)s)", count=format_number(count), share=format_share(count / whole if whole else 0))


@dataclass(frozen=True)
class Cell:
    label: str  # the column's, for the phone layout's data-label
    text: str
    href: str | None


def category_table(figures: NationalFigures, categories: dict[str, str]) -> tuple[list[str], list]:
    """Models per province (rows with models) and category (the categories in use), each cell's
    text and link made here once: the 34 × 13 matrix is then a plain loop in the template.
    A row is (province name, the province's page, cells); a cell links to the national list of
    the province's models of that category."""
    used = [code for code in categories if code in figures.by_category]
    number = number_formatter()
    rows = []
    for row in figures.provinces:
        if not row.models:
            continue
        base = url_for("national.models", province=row.slug)
        cells = [Cell(categories[code], number(row.by_category[code]),
                      f"{base}&{urlencode({'category': code})}" if row.by_category[code] else None)
                 for code in used]
        rows.append((row.name, url_for("province.tenants.home", province=row.slug), cells))
    return [categories[code] for code in used], rows


def dashboard_context(figures: NationalFigures, categories: dict[str, str]) -> dict:
    """Charts and the province × category table for the template, labels in the interface language."""
    provinces = figures.provinces
    by_coverage = sorted(provinces, key=lambda row: row.coverage, reverse=True)
    coverage_chart = simple_bars([
        (row.name, row.coverage,
         _("%(share)s (%(covered)s/%(total)s)", share=format_share(row.coverage),
           covered=format_number(row.wards_covered), total=format_number(row.wards_total)),
         url_for("province.replication.province_sites", province=row.slug, status="active"))
        for row in by_coverage
    ], maximum=1.0)
    reviewed = sorted((row for row in provinces if row.reviews_submitted),
                      key=lambda row: row.on_time_share, reverse=True)
    timeliness_chart = [
        split_bar(row.name, [(row.reviews_on_time, SOLID), (row.reviews_submitted - row.reviews_on_time, HATCHED)],
                  row.reviews_submitted,
                  _("%(share)s on time (%(on_time)s of %(submitted)s)", share=format_share(row.on_time_share),
                    on_time=format_number(row.reviews_on_time), submitted=format_number(row.reviews_submitted)),
                  url_for("province.reviews.board_page", province=row.slug))
        for row in reviewed
    ]
    models = sum(figures.by_category.values())
    category_chart = simple_bars([
        (str(CATEGORIES.get(code, code)), count, _share_text(count, models), url_for("national.models", category=code))
        for code, count in figures.by_category.most_common()
    ], maximum=models)
    recognised = sum(figures.recognised_by_year.values())
    recognised_chart = simple_bars([
        (str(year), count, _share_text(count, recognised), url_for("national.models", year=year))
        for year, count in figures.recognised_by_year.items()
    ], maximum=recognised)
    nominations = sum(figures.pipeline.get(status, 0) for status in PIPELINE_ORDER)
    pipeline_chart = simple_bars([
        (str(NOMINATION_STATUSES[status]), figures.pipeline.get(status, 0),
         _share_text(figures.pipeline.get(status, 0), nominations), url_for("ministry.queue_page", state=status))
        for status in PIPELINE_ORDER
    ], maximum=nominations)
    return dict(coverage_chart=coverage_chart, timeliness_chart=timeliness_chart, category_chart=category_chart,
                recognised_chart=recognised_chart, pipeline_chart=pipeline_chart,
                unreviewed=[row for row in provinces if not row.reviews_submitted],
                category_table=category_table(figures, categories))
