"""The province's sites list with its filters, starting the exports of what it shows, and
the import template. Any member of the province may read and export; other provinces get 404.
"""
from __future__ import annotations

import re
from dataclasses import replace

from flask import abort, g, render_template, request
from flask_babel import gettext as _
from sqlalchemy import false

from registry.export_jobs.routes import start_export
from registry.exports import FORMATS, small_spreadsheet
from registry.extensions import db
from registry.figures import queries as figures
from registry.movement.models import SETTINGS, MovementModel
from registry.page_cache import kept
from registry.core.formatting import translated
from registry.replication import bp, model_picker, queries, spreadsheet, ward_picker
from registry.replication.exporting import MODEL_SITES_EXPORT, SITES_EXPORT
from registry.replication.models import SITE_STATUSES
from registry.tenants.scoping import get_owned_or_404
from registry.sheets.columns import headers, widths
from registry.web import int_arg, render_page

PER_PAGE = 50
_FIELD_NAME = re.compile(r"^[a-z_]{1,40}$")


def _file_format() -> str:
    file_format = request.args.get("format", "xlsx")
    if file_format not in FORMATS:
        abort(404)
    return file_format


@bp.get("/sites")
@kept()
def province_sites():
    """Every site of the province, filtered by model, ward, status and setting (all in the URL).

    Statements: the figures (one, whatever the filters), the page of rows; a chosen model's
    or ward's name when one is asked for. The model filter is a type-ahead (``model_picker``).
    """
    filters = queries.SiteFilters.from_args(request.args)
    # The pickers send the model's id and the ward's code (exports read the same arguments); a
    # name typed without a choice is read as forms read it, and what cannot be read is said,
    # listing nothing.
    model = model_picker.pick(g.province, filters.model_id, request.args.get("model_q"))
    ward = ward_picker.pick(g.province, None, request.args.get("ward") or request.args.get("ward_q"))
    filters = replace(filters, ward=str(ward.ward.code) if ward.ward else "",
                      model_id=model.model[0] if model.model else None)
    unreadable = bool(ward.error or model.error)
    ward_id = ward.ward.id if ward.ward else None
    criteria = queries.site_criteria(g.province.id, filters, ward_id=ward_id)
    if unreadable:
        criteria.append(false())
    whole_province = not unreadable and filters == queries.SiteFilters()
    listed = figures.site_list_figures(g.province.id, None if whole_province else criteria)
    pages = max(1, -(-listed.listed // PER_PAGE))
    page = min(max(1, int_arg("page", 1) or 1), pages)
    statement = queries.sites_statement(g.province.id, filters, ward_id=ward_id)
    if unreadable:
        statement = statement.where(false())
    rows = db.session.execute(statement.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all() if listed.listed else []
    return render_page(
        "replication/sites.html", "results", rows=rows, total=listed.listed, page=page, pages=pages, filters=filters,
        statuses=translated(SITE_STATUSES), settings=translated(SETTINGS), figures=listed.live,
        coverage=listed.coverage, ward=ward, ward_text=request.args.get("ward_q"), model=model,
        model_text=request.args.get("model_q"),
    )


@bp.get("/model-options")
def model_options():
    """The model filter's type-ahead: ``<li role=option>`` items for ``<field>_q``."""
    field = request.args.get("field", "model")
    if not _FIELD_NAME.match(field):
        abort(404)
    text = (request.args.get(f"{field}_q") or request.args.get("q") or "")[:100]
    found, more = model_picker.options(text)
    return render_template("_model_options.html", field=field, options=found, more=more, text=text)


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
