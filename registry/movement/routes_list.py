"""The province's list of models (filters in the URL), its export, and the small live helpers:
similar names while typing, and the ward picker's options."""
from __future__ import annotations

import re
from datetime import date

from flask import abort, g, request
from flask_babel import gettext as _
from sqlalchemy import select

from registry.core.formatting import translated
from registry.exports import csv_response, xlsx_response
from registry.extensions import db
from registry.movement import bp
from registry.movement.models import CATEGORIES, SETTINGS, STATUSES
from registry.movement.queries import (
    PER_PAGE, SORTS, ListFilters, filtered, ordered, page_of_models, similar_models, ward_named,
)
from registry.replication.queries import figures_by_model, province_coverage
from registry.tenants.models import Ward
from registry.tenants.routes import search_wards
from registry.web import render_page

WARD_OPTIONS = 12
_FIELD_NAME = re.compile(r"^[a-z_]{1,40}$")


@bp.get("/")
def index():
    """The province's models; the filter form swaps the results block and pushes the URL."""
    filters = ListFilters.from_args(request.args)
    models, total = page_of_models(filters, date.today())
    return render_page(
        "movement/index.html", "results", filters=filters, models=models, total=total,
        pages=max(1, -(-total // PER_PAGE)), figures=figures_by_model([m.id for m in models]),
        coverage=province_coverage(g.province.id), ward=ward_named(g.province.id, filters.ward),
        categories=translated(CATEGORIES), settings=translated(SETTINGS), statuses=translated(STATUSES), sorts=SORTS,
        today=date.today(),
    )


def export_header() -> list[str]:
    return [_("Name"), _("Category"), _("Target setting"), _("Status"), _("Origin ward"), _("Host organisation"),
            _("Launched on"), _("Review interval (months)"), _("Next review due"), _("Nationally recognised (year)"),
            _("Active sites"), _("Wards reached"), _("Tags"), _("Summary")]


def export_rows(filters: ListFilters, batch: int = 500):
    """The filtered list in the screen's order, in batches so memory stays flat."""
    statement = ordered(filtered(filters, date.today()), filters)
    offset = 0
    while True:
        models = db.session.scalars(statement.limit(batch).offset(offset)).all()
        if not models:
            return
        figures = figures_by_model([m.id for m in models])
        wards = _ward_names({m.origin_ward_id for m in models if m.origin_ward_id})
        for m in models:
            f = figures.get(m.id)
            yield [m.name, str(CATEGORIES.get(m.category, m.category)), str(SETTINGS.get(m.target_setting, "")),
                   str(STATUSES.get(m.status, m.status)), wards.get(m.origin_ward_id, ""), m.host_organisation,
                   m.launched_on, m.review_interval_months, m.next_review_due_on, m.recognised_year,
                   f.active_sites if f else 0, f.wards_reached if f else 0, m.tags, m.summary]
        offset += batch


def _ward_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(select(Ward.id, Ward.name).where(Ward.id.in_(ids))).all()) if ids else {}


@bp.get("/export")
def export():
    """The list as filtered on screen, as CSV (default) or XLSX (``format=xlsx``), streamed."""
    filters = ListFilters.from_args(request.args)
    name = f"mo-hinh-{g.province.slug}-{date.today():%Y%m%d}"
    if request.args.get("format") == "xlsx":
        return xlsx_response(f"{name}.xlsx", export_header(), export_rows(filters), title=_("Models"))
    return csv_response(f"{name}.csv", export_header(), export_rows(filters))


@bp.get("/similar")
def similar():
    """Closest models of the province and of the national catalogue to the typed ``name``."""
    name = (request.args.get("name") or "")[:255]
    own, national = similar_models(name, g.province.id, request.args.get("exclude", type=int))
    return render_page("movement/similar.html", "similar", name=name, own=own, national=national)


@bp.get("/ward-options")
def ward_options():
    """Radio options of the ward picker: the province's wards matching ``<field>_q`` (or ``q``).

    ``field`` names the form field (default ``ward``); the ward chosen so far (its value in the
    request) stays first and checked. Reusable by any area's form.
    """
    field = request.args.get("field", "ward")
    if not _FIELD_NAME.match(field):
        abort(404)
    query = (request.args.get(f"{field}_q") or request.args.get("q") or "")[:100]
    selected = ward_named(g.province.id, request.args.get(field, type=int))
    wards, total = search_wards(g.province.id, query, limit=WARD_OPTIONS)
    return render_page("movement/ward_options.html", "options", field=field, q=query, selected=selected,
                       wards=[w for w in wards if not selected or w.id != selected.id], total=total,
                       any_label=request.args.get("any") == "1")
