"""The province's models list as an export: the list's filters and order, one row per model."""
from __future__ import annotations


from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from registry import clock
from registry.export_jobs.kinds import ExportKind, Filters, register
from registry.extensions import db
from registry.movement.models import CATEGORIES, SETTINGS, STATUSES
from registry.movement.queries import ListFilters, filtered, ordered
from registry.figures.queries import site_figures
from registry.tenants.models import Ward

MODELS_EXPORT = "models"
BATCH = 1000


def export_header() -> list[str]:
    return [_("Name"), _("Category"), _("Target setting"), _("Status"), _("Origin ward"), _("Host organisation"),
            _("Launched on"), _("Review interval (months)"), _("Next review due"), _("Nationally recognised (year)"),
            _("Active sites"), _("Wards reached"), _("Tags"), _("Summary")]


def _statement(args: Filters):
    # The current province only: the screen's query, scoped like every query of models.
    return filtered(ListFilters.from_args(args), clock.today())


def count_models(province_id: int, args: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(_statement(args).subquery())) or 0


def model_rows(province_id: int, args: Filters, batch: int = BATCH):
    """The filtered list in the screen's order, a batch at a time, as plain values."""
    statement = ordered(_statement(args), ListFilters.from_args(args))
    categories, settings, statuses = ({key: str(label) for key, label in labels.items()}
                                      for labels in (CATEGORIES, SETTINGS, STATUSES))
    offset = 0
    while models := db.session.scalars(statement.limit(batch).offset(offset)).all():
        figures = site_figures([m.id for m in models])
        wards = _ward_names({m.origin_ward_id for m in models if m.origin_ward_id})
        rows = []
        for m in models:
            f = figures.get(m.id)
            rows.append([
                m.name, categories.get(m.category, m.category), settings.get(m.target_setting, ""),
                statuses.get(m.status, m.status), wards.get(m.origin_ward_id, ""), m.host_organisation,
                m.launched_on, m.review_interval_months, m.next_review_due_on, m.recognised_year,
                f.live_sites if f else 0, f.wards_reached if f else 0, m.tags, m.summary,
            ])
        yield from rows
        offset += batch


def _ward_names(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(select(Ward.id, Ward.name).where(Ward.id.in_(ids))).all()) if ids else {}


register(ExportKind(
    name=MODELS_EXPORT,
    title=lambda province, args: _("Export of the models of %(province)s", province=province.name),
    sheet=lambda: _("Models"),
    header=export_header,
    count=count_models,
    rows=model_rows,
    file_stem=lambda province, args: f"mo-hinh-{province.slug}",
    list_url=lambda args: url_for("province.movement.index", **args),
))
