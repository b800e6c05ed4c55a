"""The province's list of models (filters in the URL), starting its export, and the small live
helpers: similar names while typing, and the ward picker's options."""
from __future__ import annotations

import re

from flask import abort, g, request

from registry.core.formatting import translated
from registry.export_jobs.routes import start_export
from registry.movement import bp
from registry.movement.exporting import MODELS_EXPORT
from registry.movement.models import CATEGORIES, SETTINGS, STATUSES
from registry.movement.queries import PER_PAGE, SORTS, ListFilters, page_of_models, similar_models, ward_named
from registry.page_cache import kept
from registry.replication.queries import figures_by_model, province_coverage
from registry.clock import today
from registry.tenants.routes import search_wards
from registry.web import int_arg, render_page

WARD_OPTIONS = 12
_FIELD_NAME = re.compile(r"^[a-z_]{1,40}$")


@bp.get("/")
@kept()
def index():
    """The province's models; the filter form swaps the results block and pushes the URL."""
    filters, day = ListFilters.from_args(request.args), today()
    models, total = page_of_models(filters, day)
    return render_page(
        "movement/index.html", "results", filters=filters, models=models, total=total,
        pages=max(1, -(-total // PER_PAGE)), figures=figures_by_model([m.id for m in models]),
        coverage=province_coverage(g.province.id), ward=ward_named(g.province.id, filters.ward),
        categories=translated(CATEGORIES), settings=translated(SETTINGS), statuses=translated(STATUSES), sorts=SORTS,
        today=day,
    )


@bp.post("/export")
def export():
    """Export the list as filtered on screen (filters in the URL, ``format`` in the form), as a job."""
    return start_export(MODELS_EXPORT, ListFilters.from_args(request.args).args(page=1))


@bp.get("/similar")
def similar():
    """Closest models of the province and of the national catalogue to the typed ``name``."""
    name = (request.args.get("name") or "")[:255]
    own, national = similar_models(name, g.province.id, int_arg("exclude"))
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
    selected = ward_named(g.province.id, int_arg(field))
    wards, total = search_wards(g.province.id, query, limit=WARD_OPTIONS)
    return render_page("movement/ward_options.html", "options", field=field, q=query, selected=selected,
                       wards=[w for w in wards if not selected or w.id != selected.id], total=total,
                       any_label=request.args.get("any") == "1")
