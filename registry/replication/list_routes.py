"""The province's sites list with its filters, the exports of what it shows, and the
import template. Any member of the province may read and export; other provinces get 404.
"""
from __future__ import annotations

from datetime import date

from flask import abort, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.replication import bp, queries, spreadsheet
from registry.replication.export import download, stream_csv, stream_xlsx
from registry.replication.models import SITE_STATUSES
from registry.tenants.scoping import get_owned_or_404
from registry.web import render_page

PER_PAGE = 50
EXPORT_HEADER = (
    _l("Model"), _l("Ward (name or code)"), _l("Ward code"), _l("Sub-unit (village, residential group, agency, school)"),
    _l("Setting"), _l("Started on (dd/mm/yyyy)"), _l("Teams"), _l("Members"), _l("Households"), _l("Cameras"),
    _l("Status"), _l("Notes"),
)


def _file_format() -> str:
    file_format = request.args.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        abort(404)
    return file_format


@bp.get("/sites")
def province_sites():
    """Every site of the province, filtered by model, ward, status and setting (all in the URL)."""
    filters = queries.SiteFilters.from_args(request.args)
    statement = queries.sites_statement(g.province.id, filters)
    total = queries.count_rows(statement)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int) or 1), pages)
    rows = db.session.execute(statement.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    models = db.session.execute(select(MovementModel.id, MovementModel.name).order_by(MovementModel.name_folded)).all()
    return render_page(
        "replication/sites.html", "results", rows=rows, total=total, page=page, pages=pages, filters=filters,
        models=models, statuses=SITE_STATUSES, settings=SETTINGS, figures=queries.figures_for_statement(statement),
        coverage=queries.province_coverage(g.province.id),
    )


def _export_rows(statement, file_format: str):
    day = (lambda value: value) if file_format == "xlsx" else (lambda value: value.strftime("%d/%m/%Y"))
    for site, ward, model in db.session.execute(statement.execution_options(yield_per=1000)):
        yield [
            model.name, ward.name, ward.code, site.sub_unit, str(SETTINGS[site.setting]) if site.setting in SETTINGS else "",
            day(site.started_on) if site.started_on else None, site.teams, site.members, site.households, site.cameras,
            str(SITE_STATUSES.get(site.status, site.status)), site.notes,
        ]


def _export(statement, name: str):
    file_format = _file_format()
    rows = _export_rows(statement, file_format)
    header = [str(label) for label in EXPORT_HEADER]
    chunks = stream_csv(header, rows) if file_format == "csv" else stream_xlsx(header, rows, str(_l("Sites")))
    return download(chunks, f"{name}-{date.today().isoformat()}.{file_format}", file_format)


@bp.get("/sites/export")
def export_province_sites():
    """The province's sites, filtered exactly as on the list page, as CSV or XLSX (``format``)."""
    filters = queries.SiteFilters.from_args(request.args)
    return _export(queries.sites_statement(g.province.id, filters), f"diem-nhan-rong-{g.province.slug}")


@bp.get("/models/<int:model_id>/sites/export")
def export_model_sites(model_id: int):
    """One model's sites as CSV or XLSX. 404 for another province's model."""
    model = get_owned_or_404(MovementModel, model_id)
    return _export(queries.sites_statement(g.province.id, model_id=model.id), f"diem-nhan-rong-mo-hinh-{model.id}")


@bp.get("/sites/import-template")
def import_template():
    """An empty sheet with the import's columns, headers in Vietnamese (CSV or XLSX)."""
    file_format = _file_format()
    header = [spreadsheet.COLUMNS[column][0] for column in spreadsheet.TEMPLATE_COLUMNS]
    chunks = stream_csv(header, []) if file_format == "csv" else stream_xlsx(header, [], "Diem nhan rong")
    return download(chunks, f"mau-nhap-diem-nhan-rong.{file_format}", file_format)
