"""The province's list of models (filters in the URL), starting its export, and the small live
helper: similar names while typing."""
from __future__ import annotations

from dataclasses import replace

from flask import g, request

from registry.core.formatting import translated
from registry.export_jobs.routes import start_export
from registry.movement import bp
from registry.movement.exporting import MODELS_EXPORT
from registry.movement.models import CATEGORIES, SETTINGS, STATUSES
from registry.movement.queries import PER_PAGE, SORTS, ListFilters, page_of_models, similar_models
from registry.page_cache import kept
from registry.figures import queries as figures
from registry.clock import today
from registry.replication.ward_picker import resolved_filter
from registry.web import int_arg, render_page


@bp.get("/")
@kept()
def index():
    """The province's models; the filter form swaps the results block and pushes the URL."""
    filters, day = ListFilters.from_args(request.args), today()
    ward = resolved_filter(g.province, request.args)
    filters = replace(filters, ward=ward.ward.id if ward.ward else None)
    models, total = page_of_models(filters, day) if not ward.error else ([], 0)
    return render_page(
        "movement/index.html", "results", filters=filters, models=models, total=total,
        pages=max(1, -(-total // PER_PAGE)), figures=figures.site_figures([m.id for m in models]),
        coverage=figures.coverage(g.province.id), ward=ward, ward_text=request.args.get("ward_q"),
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


