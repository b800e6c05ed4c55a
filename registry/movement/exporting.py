"""The province's models list as an export: the list's filters and order, one row per model.

Its columns are the models import's (``registry.movement.spreadsheet.MODEL_COLUMNS``), the
model's reference first, so the exported file, edited in Excel, imports again.
"""
from __future__ import annotations


from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from registry import clock
from registry.export_jobs.kinds import ExportKind, Filters, register
from registry.extensions import db
from registry.movement.models import CATEGORIES, END_REASONS, SETTINGS, STATUSES, MovementModel, model_reference
from registry.movement.queries import ListFilters, filtered, ordered
from registry.movement.spreadsheet import FIELDS, MODEL_COLUMNS, drop_downs, widths
from registry.replication.queries import figures_by_model
from registry.sheets.columns import headers
from registry.tenants.models import Ward

MODELS_EXPORT = "models"
BATCH = 1000


def export_header() -> list[str]:
    return headers(MODEL_COLUMNS)


def _statement(args: Filters):
    # The current province only: the screen's query, scoped like every query of models.
    return filtered(ListFilters.from_args(args), clock.today())


def count_models(province_id: int, args: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(_statement(args).subquery())) or 0


def model_rows(province_id: int, args: Filters, batch: int = BATCH):
    """The filtered list in the screen's order, a batch at a time, as plain values."""
    statement = ordered(_statement(args), ListFilters.from_args(args))
    categories, settings, statuses, reasons = ({key: str(label) for key, label in labels.items()}
                                               for labels in (CATEGORIES, SETTINGS, STATUSES, END_REASONS))
    offset = 0
    while models := db.session.scalars(statement.limit(batch).offset(offset)).all():
        figures = figures_by_model([m.id for m in models])
        wards = _ward_names({m.origin_ward_id for m in models if m.origin_ward_id})
        merged = _model_names({m.merged_into_id for m in models if m.merged_into_id})
        for m in models:
            f = figures.get(m.id)
            row = {
                "reference": model_reference(m.id), "name": m.name, "category": categories.get(m.category, m.category),
                "target_setting": settings.get(m.target_setting, ""), "status": statuses.get(m.status, m.status),
                "end_reason": reasons.get(m.end_reason, ""), "end_reason_text": m.end_reason_text,
                "merged_into": merged.get(m.merged_into_id, ""), "origin_ward": wards.get(m.origin_ward_id, ""),
                "host_organisation": m.host_organisation, "launched_on": m.launched_on,
                "review_interval_months": m.review_interval_months, "tags": m.tags, "summary": m.summary,
                "objectives": m.objectives, "how_it_works": m.how_it_works, "resources": m.resources,
                "next_review_due": m.next_review_due_on, "recognised_year": m.recognised_year,
                "active_sites": f.active_sites if f else 0, "wards_reached": f.wards_reached if f else 0,
            }
            yield [row[field] for field in FIELDS]
        offset += batch


def _ward_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(select(Ward.id, Ward.name).where(Ward.id.in_(ids))).all()) if ids else {}


def _model_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(select(MovementModel.id, MovementModel.name).where(
        MovementModel.id.in_(ids))).all()) if ids else {}


register(ExportKind(
    name=MODELS_EXPORT,
    title=lambda province, args: _("Export of the models of %(province)s", province=province.name),
    sheet=lambda: _("Models"),
    header=export_header,
    count=count_models,
    rows=model_rows,
    file_stem=lambda province, args: f"mo-hinh-{province.slug}",
    list_url=lambda args: url_for("province.movement.index", **args),
    widths=widths,
    lists=drop_downs,
))
