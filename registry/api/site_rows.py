"""Rows of sites from the API, checked and written by the spreadsheet import's own service
(``registry.replication.importing.check_rows`` and ``apply``): the same rules, the same
messages, the same matching (a row names a site by its id, else by ward and sub-unit; only the
fields it gives change; an ended site is never reopened). This file only turns JSON rows into
the import's cells and its verdicts into the API's answer.
"""
from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication import importing
from registry.replication.models import SITE_ENDED, ReplicationSite, site_reference
from registry.sheets.imports import NEW, RowResult

# Which field of an API row an import error is about (its ``column`` param says it when it has one).
ERROR_FIELDS = {
    "missing_ward": "ward", "unknown_ward": "ward", "ward_other_province": "ward", "old_unit": "ward",
    "old_unit_split": "ward", "ambiguous_ward": "ward", "ward_mismatch": "ward", "duplicate_existing": "ward",
    "duplicate_row": "row", "bad_date": "started_on", "future_date": "started_on", "bad_setting": "setting",
    "bad_status": "status", "bad_reference": "id", "unknown_reference": "id", "other_model_site": "id",
    "ended_site": "id", "unknown_model": "model", "other_model": "model",
}


def _cells(row: dict) -> dict:
    """An API row as the import's cells: ``id`` becomes the site's reference (NR-000123)."""
    cells = {name: value for name, value in row.items() if name != "id"}
    if row.get("id"):
        cells["reference"] = site_reference(row["id"])
    return cells


def check_rows(model: MovementModel, rows: list[dict]) -> list[RowResult]:
    """The import's verdict of each row (numbered from 1, as the messages count them)."""
    return importing.check_rows(model, [(index + 1, _cells(row)) for index, row in enumerate(rows)])


def errors_of(result: RowResult) -> dict[str, list[str]]:
    """A verdict's errors by the API row's field, in the caller's language."""
    found: dict[str, list[str]] = {}
    for code, params in result["errors"]:
        name = params.get("column") or ERROR_FIELDS.get(code, "row")
        found.setdefault(name, []).append(importing.describe([code, params]))
    return found


def apply(model: MovementModel, results: list[RowResult], actor_id: int | None) -> None:
    """Write the new and changed sites (the import's ``apply``, in the caller's transaction).
    Raises ``ImportStale`` when a site changed since the rows were checked: nothing is written."""
    importing.apply(model, results, actor_id=actor_id)


def site_ids(model: MovementModel, results: list[RowResult]) -> list[int | None]:
    """The site each verdict is about: its target, or the live site a new row became (one query)."""
    live = {importing.site_key(ward_id, sub_unit): site_id for site_id, ward_id, sub_unit in db.session.execute(
        select(ReplicationSite.id, ReplicationSite.ward_id, ReplicationSite.sub_unit)
        .where(ReplicationSite.model_id == model.id, ReplicationSite.status != SITE_ENDED))}
    return [result["target"] if result["action"] != NEW
            else live.get(importing.site_key(result["values"]["ward_id"], result["values"]["sub_unit"]))
            for result in results]
