"""The province's sites list with its filters, starting the exports of what it shows, and
the import template. Any member of the province may read and export; other provinces get 404.
"""
from __future__ import annotations

from flask import abort, g, request
from flask_babel import gettext as _
from sqlalchemy import select

from registry.export_jobs.routes import start_export
from registry.exports import FORMATS, small_spreadsheet
from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.page_cache import kept
from registry.replication import bp, queries, spreadsheet
from registry.replication.exporting import MODEL_SITES_EXPORT, SITES_EXPORT
from registry.replication.models import SITE_STATUSES
from registry.tenants.scoping import get_owned_or_404
from registry.sheets.columns import headers, widths
from registry.web import int_arg, render_page

PER_PAGE = 50


def _file_format() -> str:
    file_format = request.args.get("format", "xlsx")
    if file_format not in FORMATS:
        abort(404)
    return file_format


@bp.get("/sites")
@kept()
def province_sites():
    """Every site of the province, filtered by model, ward, status and setting (all in the URL)."""
    filters = queries.SiteFilters.from_args(request.args)
    statement = queries.sites_statement(g.province.id, filters)
    total = queries.count_rows(statement)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, int_arg("page", 1) or 1), pages)
    rows = db.session.execute(statement.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    models = db.session.execute(select(MovementModel.id, MovementModel.name).order_by(MovementModel.name_folded)).all()
    return render_page(
        "replication/sites.html", "results", rows=rows, total=total, page=page, pages=pages, filters=filters,
        models=models, statuses=SITE_STATUSES, settings=SETTINGS, figures=queries.figures_for_statement(statement),
        coverage=queries.province_coverage(g.province.id),
    )


@bp.post("/sites/export")
def export_province_sites():
    """Export the province's sites, filtered exactly as on the list page (``format`` in the form)."""
    return start_export(SITES_EXPORT, queries.SiteFilters.from_args(request.args).as_args())


@bp.post("/models/<int:model_id>/sites/export")
def export_model_sites(model_id: int):
    """Export one model's sites. 404 for another province's model."""
    model = get_owned_or_404(MovementModel, model_id)
    return start_export(MODEL_SITES_EXPORT, {"model": model.id})


@bp.get("/sites/import-template")
def import_template():
    """An empty sheet with the import's columns — the export's — headers in Vietnamese (CSV or XLSX)."""
    file_format = _file_format()
    return small_spreadsheet(file_format, f"mau-nhap-diem-nhan-rong.{file_format}", headers(spreadsheet.SITE_COLUMNS),
                             [], _("Sites"), widths=widths(spreadsheet.SITE_COLUMNS))
