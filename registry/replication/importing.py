"""Bulk import of sites into one model: check every row, then write the valid ones at once.

Upload → ``start_import`` keeps the file in a ``SiteImport`` row and enqueues
``registry.replication.tasks.parse_site_import`` → the job checks every row against the province and
stores the verdict → the user sees the preview and confirms (``confirm_import``, one
transaction) or cancels. Nothing touches the sites before the confirmation.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry.audit.service import record
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import MovementModel
from registry.replication import spreadsheet, values
from registry.replication.models import (
    IMPORT_CANCELLED, IMPORT_DONE, IMPORT_PARSING, IMPORT_READY, SITE_ENDED, ReplicationSite, SiteImport,
)
from registry.replication.service import ModelEnded, accepts_sites, add_sites
from registry.replication.wards import WardResolver, label
from registry.tenants.models import Province, Ward
from registry.text import fold

log = logging.getLogger(__name__)

COLUMN_LABELS = {
    "ward": _l("Ward"), "sub_unit": _l("Sub-unit"), "setting": _l("Setting"), "started_on": _l("Started on"),
    "teams": _l("Teams"), "members": _l("Members"), "households": _l("Households"), "cameras": _l("Cameras"),
    "status": _l("Status"), "notes": _l("Notes"), "model": _l("Model"),
}
ROW_ERRORS = {
    "missing_ward": _l("The ward is missing."),
    "unknown_ward": _l("Unknown ward “%(value)s” in this province."),
    "ward_other_province": _l("“%(value)s” is a ward of %(province)s, not of this province."),
    "old_unit": _l("“%(value)s” is an old unit, no longer exists since 07/2025: write the ward it was merged into."),
    "old_unit_split": _l("“%(value)s” was split between several wards in 07/2025 (%(choices)s): write the one the site is in."),
    "ambiguous_ward": _l("“%(value)s” matches several wards (%(choices)s): add “Xã”/“Phường” or use the code."),
    "bad_date": _l("“%(value)s” is not a date: write dd/mm/yyyy."),
    "future_date": _l("The start date %(value)s is in the future."),
    "bad_number": _l("%(column)s: “%(value)s” is not a whole number."),
    "negative": _l("%(column)s cannot be negative (%(value)s)."),
    "bad_setting": _l("Unknown setting “%(value)s”."),
    "bad_status": _l("Unknown status “%(value)s”: write active, paused or ended."),
    "too_long": _l("%(column)s is longer than %(max)s characters."),
    "duplicate_existing": _l("The model already has a site in %(ward)s%(sub_unit)s."),
    "duplicate_row": _l("Same ward and sub-unit as row %(line)s of the file."),
    "unknown_model": _l("Unknown model “%(value)s” in this province."),
    "other_model": _l("This row is for the model “%(value)s”: import it from that model's page."),
}
COUNTS = ("teams", "members", "households", "cameras")
PROGRESS_EVERY = 500


def describe(error) -> str:
    """The user's message for a stored ``[code, params]`` row error."""
    code, params = error
    params = dict(params)
    if "column" in params:
        params["column"] = str(COLUMN_LABELS.get(params["column"], params["column"]))
    return str(ROW_ERRORS[code]) % params


def site_key(ward_id: int, sub_unit: str) -> tuple[int, str]:
    return ward_id, fold(sub_unit)


def existing_keys(model_id: int) -> dict[tuple[int, str], ReplicationSite]:
    sites = db.session.scalars(
        select(ReplicationSite).where(ReplicationSite.model_id == model_id, ReplicationSite.status != SITE_ENDED)
    )
    return {site_key(site.ward_id, site.sub_unit): site for site in sites}


class RowChecker:
    """Checks rows of one file for one model; remembers earlier rows to catch duplicates."""

    def __init__(self, model: MovementModel, today: date):
        self.model, self.today = model, today
        self.wards = WardResolver(db.session.get(Province, model.province_id))
        self.existing = existing_keys(model.id)
        self.seen: dict[tuple[int, str], int] = {}
        self.settings, self.statuses = values.setting_vocabulary(), values.status_vocabulary()
        names = db.session.execute(
            select(MovementModel.name_folded, MovementModel.name).where(MovementModel.province_id == model.province_id)
        )
        self.models = dict(names.all())

    def check(self, line: int, cells: dict) -> dict:
        errors: list = []
        site = {"sub_unit": values.text(cells.get("sub_unit")), "notes": values.text(cells.get("notes"))}
        for column, limit in (("sub_unit", 255), ("notes", 2000)):
            if len(site[column]) > limit:
                errors.append(["too_long", {"column": column, "max": limit}])
        self._check_model(cells.get("model"), errors)
        ward, former = self._ward(cells.get("ward"), errors)
        for field, parse in self._parsers():
            try:
                site[field] = parse(cells.get(field))
            except values.BadValue as bad:
                errors.append([bad.code, bad.params])
        if ward is not None:
            site.update(ward_id=ward.id, ward_name=ward.name, former_unit=former)
            self._check_duplicate(line, ward, site["sub_unit"], errors)
        shown = {field: values.text(cell) for field, cell in cells.items()}
        return {"line": line, "cells": shown, "site": None if errors else site, "errors": errors}

    def _parsers(self):
        yield "started_on", lambda cell: _iso(values.parse_date(cell, self.today))
        yield "setting", lambda cell: values.parse_choice(cell, self.settings, "bad_setting", self.model.target_setting)
        yield "status", lambda cell: values.parse_choice(cell, self.statuses, "bad_status", "active")
        for column in COUNTS:
            yield column, lambda cell, column=column: values.parse_count(cell, column)

    def _ward(self, cell, errors: list) -> tuple[Ward | None, str | None]:
        """The row's ward, and the pre-2025 unit the row named if the ward replaced it."""
        if values.text(cell) == "":
            errors.append(["missing_ward", {}])
            return None, None
        resolved = self.wards.resolve(cell)
        if resolved.error:
            errors.append(list(resolved.error))
        return resolved.ward, resolved.former

    def _check_model(self, cell, errors: list) -> None:
        name = values.text(cell)
        if not name or fold(name) == self.model.name_folded:
            return
        errors.append(["other_model" if fold(name) in self.models else "unknown_model", {"value": name}])

    def _check_duplicate(self, line: int, ward: Ward, sub_unit: str, errors: list) -> None:
        key = site_key(ward.id, sub_unit)
        if key in self.existing:
            errors.append(["duplicate_existing", {"ward": label(ward), "sub_unit": f" – {sub_unit}" if sub_unit else ""}])
        elif key in self.seen:
            errors.append(["duplicate_row", {"line": self.seen[key]}])
        else:
            self.seen[key] = line


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def start_import(model: MovementModel, filename: str, data: bytes, user_id: int | None) -> SiteImport:
    """Keep the upload as a pending import after the cheap checks; raises SpreadsheetError or ModelEnded."""
    if not accepts_sites(model):
        raise ModelEnded(model.id)
    file_format = spreadsheet.detect_format(data)
    spreadsheet.check_header(file_format, data)
    pending = SiteImport(
        province_id=model.province_id, model_id=model.id, filename=filename[:255], file_format=file_format,
        payload=data, status=IMPORT_PARSING, created_by_id=user_id,
    )
    db.session.add(pending)
    return pending


def summary(pending: SiteImport) -> dict:
    rows = pending.rows or []
    bad = [row for row in rows if row["errors"]]
    renamed = Counter((row["site"]["former_unit"], row["site"]["ward_name"])
                      for row in rows if row["site"] and row["site"].get("former_unit"))
    return {"total": len(rows), "valid": len(rows) - len(bad), "problems": bad,
            "renamed": sorted((former, ward, count) for (former, ward), count in renamed.items())}


def confirm_import(pending: SiteImport, model: MovementModel) -> int:
    """Write every valid row as a site, in the caller's transaction. Returns how many.

    Rows that became duplicates since the preview (someone added the site meanwhile) are skipped.
    """
    if pending.status != IMPORT_READY:
        raise ValueError(pending.status)
    existing, rows = existing_keys(model.id), []
    for row in pending.rows or []:
        site = row["site"]
        if site is None or site_key(site["ward_id"], site["sub_unit"]) in existing:
            continue
        existing[site_key(site["ward_id"], site["sub_unit"])] = None
        fields = {key: value for key, value in site.items() if key not in ("ward_name", "former_unit")}
        fields["started_on"] = date.fromisoformat(site["started_on"]) if site["started_on"] else None
        rows.append(fields)
    created = len(add_sites(model, rows, action="site_imported")) if rows else 0
    pending.status, pending.imported, pending.finished_at = IMPORT_DONE, created, now_utc()
    pending.rows = None
    record("sites_imported", model, changes={"sites": [None, created]})
    log.info("import %s: %s sites written into model %s", pending.id, created, model.id)
    return created


def cancel_import(pending: SiteImport) -> None:
    pending.status, pending.finished_at, pending.rows, pending.payload = IMPORT_CANCELLED, now_utc(), None, None
