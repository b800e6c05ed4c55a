"""Sites as exports: the province's list (with its filters) or one model's sites.

Rows are read a batch at a time by the list's own order (keyset paging: each batch starts
after the last row of the one before), so a province of 100,000 sites costs flat memory
and no deep OFFSET. The columns are the import's (``registry.replication.spreadsheet``), the
site's reference first, so an export edited in Excel imports again.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select, tuple_

from registry.export_jobs.kinds import ExportKind, Filters, register
from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.replication import queries
from registry.replication.models import SITE_STATUSES, ReplicationSite, site_reference
from registry.replication.spreadsheet import SITE_COLUMNS
from registry.sheets.columns import headers, widths
from registry.tenants.models import Ward

SITES_EXPORT, MODEL_SITES_EXPORT = "sites", "model_sites"
BATCH = 2000
EXPORT_COLUMNS = (  # in the order of SITE_COLUMNS
    ReplicationSite.id, MovementModel.name, Ward.name, Ward.code, ReplicationSite.sub_unit, ReplicationSite.setting,
    ReplicationSite.started_on, ReplicationSite.teams, ReplicationSite.members, ReplicationSite.households,
    ReplicationSite.cameras, ReplicationSite.status, ReplicationSite.notes,
)


def export_header() -> list[str]:
    return headers(SITE_COLUMNS)


def _statement(province_id: int, args: Filters):
    return queries.sites_statement(province_id, queries.SiteFilters.from_args(args))


def count_sites(province_id: int, args: Filters) -> int:
    return queries.count_rows(_statement(province_id, args))


def site_rows(province_id: int, args: Filters, batch: int = BATCH):
    """The sites in the list's order, as plain values, ``batch`` rows per query.

    Plain columns rather than ORM objects, and each label translated once per export: at
    100,000 rows both show in the time an export takes.
    """
    settings = {key: str(label) for key, label in SETTINGS.items()}
    statuses = {key: str(label) for key, label in SITE_STATUSES.items()}
    statement, after = _statement(province_id, args).with_only_columns(*EXPORT_COLUMNS, *queries.SITE_ORDER), None
    while True:
        page = statement if after is None else statement.where(
            tuple_(*queries.SITE_ORDER) > tuple_(*after),
            MovementModel.name_folded >= after[0],  # the same rows; lets the index start at the last model
        )
        found = db.session.execute(page.limit(batch)).all()
        if not found:
            return
        after = tuple(found[-1][-len(queries.SITE_ORDER):])
        for (site_id, model, ward, code, sub_unit, setting, started_on, teams, members, households, cameras, status,
             notes, *_key) in found:
            yield [site_reference(site_id), model, ward, code, sub_unit, settings.get(setting, ""), started_on, teams,
                   members, households, cameras, statuses.get(status, status), notes]


def _model_name(args: Filters) -> str:
    return db.session.scalar(select(MovementModel.name).where(MovementModel.id == args.get("model", type=int))) or ""


def _kind(name: str, title, file_stem, list_url) -> ExportKind:
    return ExportKind(name=name, title=title, sheet=lambda: _("Sites"), header=export_header, count=count_sites,
                      rows=site_rows, file_stem=file_stem, list_url=list_url, widths=lambda: widths(SITE_COLUMNS))


register(_kind(
    SITES_EXPORT,
    title=lambda province, args: _("Export of the replication sites of %(province)s", province=province.name),
    file_stem=lambda province, args: f"diem-nhan-rong-{province.slug}",
    list_url=lambda args: url_for("province.replication.province_sites", **args),
))
register(_kind(
    MODEL_SITES_EXPORT,
    title=lambda province, args: _("Export of the sites of %(model)s", model=_model_name(args)),
    file_stem=lambda province, args: f"diem-nhan-rong-mo-hinh-{args.get('model')}",
    list_url=lambda args: url_for("province.replication.model_sites", model_id=args.get("model", type=int)),
))
