"""Bulk import of sites into one model: every row checked, then new and changed sites written at once.

``check_rows(model, rows)`` takes rows from any source — a spreadsheet here, a JSON API
later — as ``(line, {field: raw value})`` and gives each a verdict (``RowResult``, see
``registry.sheets.imports``): *new*, *updated* (with the changed fields, old → new),
*unchanged* or *error*. A row is tied to an existing site of the model by its reference
("NR-000123", the export's first column), otherwise by ward and sub-unit; a field whose
column the file does not have is left as it is, and a site the file does not name is not
touched. ``apply(model, results)`` writes the verdicts in the caller's transaction — new
sites in bulk, changes in bulk with their history — after checking that nothing they were
based on changed meanwhile (``ImportStale`` otherwise, and nothing is written).

The spreadsheet around it: ``start_import`` keeps the upload, ``registry.replication.tasks``
checks it in a job, ``confirm_import`` / ``cancel_import`` end it.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry import clock
from registry.audit.service import record
from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.replication import spreadsheet, values
from registry.replication.models import (
    SITE_ACTIVE, SITE_ENDED, SITE_REFERENCE_PREFIX, SITE_STATUSES, ReplicationSite, SiteImport, site_reference,
)
from registry.replication.service import (
    EDITABLE, NEW_SITE, ModelEnded, SitesChanged, accepts_sites, add_sites, update_sites,
)
from registry.replication.wards import WardResolver, label
from registry.sheets import imports
from registry.sheets.imports import ERROR, NEW, UPDATED, ImportStale, RowResult, verdict
from registry.tenants.models import Province, Ward
from registry.text import fold

log = logging.getLogger(__name__)

COLUMN_LABELS = {
    "reference": _l("Site reference"), "ward": _l("Ward"), "ward_code": _l("Ward code"), "sub_unit": _l("Sub-unit"),
    "setting": _l("Setting"), "started_on": _l("Started on"), "teams": _l("Teams"), "members": _l("Members"),
    "households": _l("Households"), "cameras": _l("Cameras"), "status": _l("Status"), "notes": _l("Notes"),
    "model": _l("Model"),
}
WARD_ERRORS = ("unknown_ward", "ward_other_province", "old_unit", "old_unit_split", "ambiguous_ward")
ROW_ERRORS = {
    "missing_ward": _l("The ward is missing."),
    "unknown_ward": _l("Unknown ward “%(value)s” in this province."),
    "ward_other_province": _l("“%(value)s” is a ward of %(province)s, not of this province."),
    "old_unit": _l("“%(value)s” is an old unit, no longer exists since 07/2025: write the ward it was merged into."),
    "old_unit_split": _l("“%(value)s” was split between several wards in 07/2025 (%(choices)s): write the one the site is in."),
    "ambiguous_ward": _l("“%(value)s” matches several wards (%(choices)s): add “Xã”/“Phường” or use the code."),
    "ward_mismatch": _l("The ward “%(ward)s” and the ward code “%(code)s” are not the same ward: correct one of them."),
    "bad_date": _l("“%(value)s” is not a date: write dd/mm/yyyy."),
    "future_date": _l("The start date %(value)s is in the future."),
    "bad_number": _l("%(column)s: “%(value)s” is not a whole number."),
    "negative": _l("%(column)s cannot be negative (%(value)s)."),
    "bad_setting": _l("Unknown setting “%(value)s”."),
    "bad_status": _l("Unknown status “%(value)s”: write active, paused or ended."),
    "too_long": _l("%(column)s is longer than %(max)s characters."),
    "bad_reference": _l("“%(value)s” is not a site reference (such as NR-000123)."),
    "unknown_reference": _l("“%(value)s” is not a site of this model. Clear the reference to add the row as a new site."),
    "other_model_site": _l("“%(value)s” is a site of the model “%(model)s”: import it from that model's page, or "
                           "clear the reference to add the row here as a new site."),
    "ended_site": _l("The site %(value)s has ended and cannot be reopened: clear its reference to add a new site."),
    "duplicate_existing": _l("The model already has another site in %(ward)s%(sub_unit)s."),
    "duplicate_row": _l("Row %(line)s of the file is already about this site (same reference, or same ward and "
                        "sub-unit)."),
    "unknown_model": _l("Unknown model “%(value)s” in this province."),
    "other_model": _l("This row is for the model “%(value)s”: import it from that model's page."),
}
COUNTS = ("teams", "members", "households", "cameras")
TEXTS = (("sub_unit", 255), ("notes", 2000))
PROGRESS_EVERY = imports.PROGRESS_EVERY
WRITTEN_SHOWN = 10
_SITE_COLUMNS = (ReplicationSite.id, ReplicationSite.version, *(getattr(ReplicationSite, f) for f in EDITABLE),
                 ReplicationSite.status)


def describe(error) -> str:
    """The user's message for a stored ``[code, params]`` row error."""
    code, params = error
    params = dict(params)
    if "column" in params:
        params["column"] = str(COLUMN_LABELS.get(params["column"], params["column"]))
    return str(ROW_ERRORS[code]) % params


def site_key(ward_id: int, sub_unit: str) -> tuple[int, str]:
    return ward_id, fold(sub_unit)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _model_sites(model_id: int) -> dict[int, dict]:
    """Every site of the model as plain values, by id (one query, no ORM objects)."""
    rows = db.session.execute(select(*_SITE_COLUMNS).where(ReplicationSite.model_id == model_id))
    return {row.id: row._asdict() for row in rows}


def _live_keys(sites: dict[int, dict]) -> dict[tuple[int, str], int]:
    return {site_key(site["ward_id"], site["sub_unit"]): site_id
            for site_id, site in sites.items() if site["status"] != SITE_ENDED}


class RowChecker:
    """Checks rows for one model, remembering earlier rows to catch two rows about one site."""

    def __init__(self, model: MovementModel, today: date | None = None):
        self.model, self.today = model, today or clock.today()
        self.wards = WardResolver(db.session.get(Province, model.province_id))
        self.ward_by_id = {ward.id: ward for ward in self.wards.by_code.values()}
        self.sites = _model_sites(model.id)
        self.by_key = _live_keys(self.sites)
        self.claimed: dict[object, int] = {}  # site id or key of a new site → the line that claimed it
        self.written_shown = 0  # rows given their "as written" form for the preview
        self.settings, self.statuses = values.setting_vocabulary(), values.status_vocabulary()
        names = db.session.execute(
            select(MovementModel.name_folded, MovementModel.name).where(MovementModel.province_id == model.province_id))
        self.models = dict(names.all())

    def check(self, line: int, cells: dict) -> RowResult:
        errors: list = []
        parsed = self._parse(cells, errors)
        self._check_model(cells.get("model"), errors)
        reference = self._reference(cells.get("reference"), errors)
        ward, former = self._ward(cells, errors, needed=not values.text(cells.get("reference")))
        if ward is not None:
            parsed["ward_id"] = ward.id
        shown = {field: values.text(cell) for field, cell in cells.items()}
        hints = {"ward_name": ward.name, "former_unit": former} if ward is not None and former else {}
        if errors:
            return verdict(line, shown, errors, **hints)
        if reference is not None:
            return self._update(line, shown, reference, parsed, errors, hints)
        site_id = self.by_key.get(site_key(parsed["ward_id"], parsed.get("sub_unit", "")))
        if site_id is not None:  # the same ward and sub-unit: the site's own spelling stays
            parsed.pop("sub_unit", None)
            return self._update(line, shown, site_id, parsed, errors, hints)
        return self._new(line, shown, parsed, errors, hints)

    def _parse(self, cells: dict, errors: list) -> dict:
        parsed = {}
        for field, limit in TEXTS:
            if field in cells:
                parsed[field] = values.text(cells[field])
                if len(parsed[field]) > limit:
                    errors.append(["too_long", {"column": field, "max": limit}])
        for field, parse in self._parsers():
            if field in cells:
                try:
                    parsed[field] = parse(cells[field])
                except values.BadValue as bad:
                    errors.append([bad.code, bad.params])
        return parsed

    def _parsers(self):
        yield "started_on", lambda cell: values.parse_date(cell, self.today)
        yield "setting", lambda cell: values.parse_choice(cell, self.settings, "bad_setting", None)
        yield "status", lambda cell: values.parse_choice(cell, self.statuses, "bad_status", None)
        for column in COUNTS:
            yield column, lambda cell, column=column: values.parse_count(cell, column)

    def _reference(self, cell, errors: list) -> int | None:
        """The id of the model's site the row names; an error for anyone else's."""
        try:
            site_id = values.parse_reference(cell, SITE_REFERENCE_PREFIX)
        except values.BadValue as bad:
            errors.append([bad.code, bad.params])
            return None
        if site_id is None or site_id in self.sites:
            return site_id
        raw = values.text(cell)
        other = db.session.execute(  # explicit province: jobs run outside any request's scope
            select(MovementModel.name).join(ReplicationSite, ReplicationSite.model_id == MovementModel.id)
            .where(ReplicationSite.id == site_id, ReplicationSite.province_id == self.model.province_id)
        ).scalar()
        errors.append(["other_model_site", {"value": raw, "model": other}] if other
                      else ["unknown_reference", {"value": raw}])
        return None

    def _ward(self, cells: dict, errors: list, needed: bool) -> tuple[Ward | None, str | None]:
        """The row's ward (by name, or by code), and the pre-2025 unit it named if the ward replaced it."""
        name, code = values.text(cells.get("ward")), values.text(cells.get("ward_code"))
        if not name and not code:
            if needed:
                errors.append(["missing_ward", {}])
            return None, None
        by_name = self.wards.resolve(cells["ward"]) if name else None
        by_code = self.wards.resolve(code) if code else None
        for resolved in (by_name, by_code):
            if resolved is not None and resolved.error:
                errors.append(list(resolved.error))
                return None, None
        if by_name and by_code and by_name.ward.id != by_code.ward.id:
            errors.append(["ward_mismatch", {"ward": name, "code": code}])
            return None, None
        chosen = by_name or by_code
        return chosen.ward, chosen.former

    def _check_model(self, cell, errors: list) -> None:
        name = values.text(cell)
        if not name or fold(name) == self.model.name_folded:
            return
        errors.append(["other_model" if fold(name) in self.models else "unknown_model", {"value": name}])

    def _claim(self, claim, line: int, errors: list) -> None:
        if claim in self.claimed:
            errors.append(["duplicate_row", {"line": self.claimed[claim]}])
        else:
            self.claimed[claim] = line

    def _new(self, line: int, shown: dict, parsed: dict, errors: list, hints: dict) -> RowResult:
        site = {**NEW_SITE, **parsed}
        site["setting"] = site["setting"] or self.model.target_setting
        site["status"] = site["status"] or SITE_ACTIVE
        self._claim(site_key(site["ward_id"], site["sub_unit"]), line, errors)
        result = verdict(line, shown, errors, values={f: _plain(v) for f, v in site.items()}, **hints)
        return self._with_written(result, None, site)

    def _update(self, line: int, shown: dict, site_id: int, parsed: dict, errors: list, hints: dict) -> RowResult:
        site = self.sites[site_id]
        for field in ("setting", "status"):  # blank: as it is (a new site takes the defaults instead)
            if parsed.get(field) is None:
                parsed.pop(field, None)
        if site["status"] == SITE_ENDED and parsed.get("status", SITE_ENDED) != SITE_ENDED:
            errors.append(["ended_site", {"value": site_reference(site_id)}])
        key = site_key(parsed.get("ward_id", site["ward_id"]), parsed.get("sub_unit", site["sub_unit"]))
        owner = self.by_key.get(key)
        if owner is not None and owner != site_id and parsed.get("status", site["status"]) != SITE_ENDED:
            errors.append(["duplicate_existing", {"ward": label(self.ward_by_id[key[0]]),
                                                  "sub_unit": f" – {parsed.get('sub_unit', site['sub_unit'])}"
                                                  if key[1] else ""}])
        self._claim(site_id, line, errors)
        if key != site_key(site["ward_id"], site["sub_unit"]):
            self._claim(key, line, errors)
        changed = {field: value for field, value in parsed.items() if site[field] != value}
        changes = {field: [self._shown(field, site[field]), self._shown(field, value)] for field, value in changed.items()}
        result = verdict(line, shown, errors, target=site_id, version=site["version"],
                         values={field: _plain(value) for field, value in changed.items()}, changes=changes, **hints)
        return self._with_written(result, site_id, {**site, **parsed})

    def _with_written(self, result: RowResult, site_id: int | None, site: dict) -> RowResult:
        """The first rows the preview shows get the site as it will stand after the import."""
        if result["action"] == ERROR or self.written_shown >= WRITTEN_SHOWN:
            return result
        self.written_shown += 1
        ward = self.ward_by_id.get(site["ward_id"])
        result["written"] = {
            "reference": site_reference(site_id) if site_id else "", "ward": label(ward) if ward else "",
            "sub_unit": site["sub_unit"], "setting": str(SETTINGS.get(site["setting"], "")),
            "started_on": site["started_on"].strftime("%d/%m/%Y") if site["started_on"] else "",
            "members": "" if site["members"] is None else str(site["members"]),
            "status": str(SITE_STATUSES.get(site["status"], site["status"])),
        }
        return result

    def _shown(self, field: str, value):
        """A value as the site's history records it (the ward by name)."""
        return self.ward_by_id[value].name if field == "ward_id" and value in self.ward_by_id else _plain(value)


def check_rows(model: MovementModel, rows: Iterable[tuple[int, dict]], today: date | None = None) -> list[RowResult]:
    """The verdict of every row, in order (see the module's docstring)."""
    checker = RowChecker(model, today)
    return [checker.check(line, cells) for line, cells in rows]


def apply(model: MovementModel, results: Iterable[RowResult], actor_id: int | None = None) -> tuple[int, int]:
    """Write the new and updated rows of ``results``, in the caller's transaction: (created, updated).

    Raises ``ImportStale`` (nothing written) when a site was changed, or a row's site added,
    since the rows were checked; ``ModelEnded`` for an ended model.
    """
    if not accepts_sites(model):
        raise ModelEnded(model.id)
    sites = _model_sites(model.id)
    live = _live_keys(sites)
    created, changed = [], []
    for row in results:
        if row["action"] == NEW:
            if site_key(row["values"]["ward_id"], row["values"]["sub_unit"]) in live:
                raise ImportStale(row["line"])
            created.append(imports.with_dates(row["values"], "started_on"))
        elif row["action"] == UPDATED:
            if sites.get(row["target"], {}).get("version") != row["version"]:
                raise ImportStale(row["line"])
            changed.append((row["target"], row["version"], imports.with_dates(row["values"], "started_on"), row["changes"]))
    try:
        updated = update_sites(model, changed, actor_id=actor_id) if changed else 0
    except SitesChanged as error:
        raise ImportStale(None) from error
    written = len(add_sites(model, created, action="site_imported", actor_id=actor_id)) if created else 0
    log.info("model %s: %s sites added, %s updated by import", model.id, written, updated)
    return written, updated


# -- The spreadsheet around it ---------------------------------------------------------------

def start_import(model: MovementModel, filename: str, data: bytes, user_id: int | None) -> SiteImport:
    """Keep the upload as a pending import after the cheap checks; raises SpreadsheetError or ModelEnded."""
    if not accepts_sites(model):
        raise ModelEnded(model.id)
    pending = SiteImport(province_id=model.province_id, model_id=model.id, filename=filename[:255],
                         created_by_id=user_id)
    imports.start(pending, data, spreadsheet.SITE_COLUMNS, spreadsheet.REQUIRED)
    db.session.add(pending)
    return pending


def summary(pending: SiteImport) -> dict:
    result = imports.summary(pending.rows)
    renamed = Counter((row["hints"]["former_unit"], row["hints"]["ward_name"])
                      for row in pending.rows or [] if row["action"] != ERROR and row.get("hints", {}).get("former_unit"))
    result["renamed"] = sorted((former, ward, count) for (former, ward), count in renamed.items())
    return result


def confirm_import(pending: SiteImport, model: MovementModel, actor_id: int | None) -> tuple[int, int]:
    """Write every new and updated row, in the caller's transaction: (created, updated).

    Raises ``ImportStale`` when the model's sites changed since the check (the caller rolls
    back and checks the file again).
    """
    if pending.status != imports.READY:
        raise ValueError(pending.status)
    created, updated = apply(model, pending.rows or [], actor_id)
    imports.finish(pending, created, updated)
    record("sites_imported", model, changes={"sites": [None, created], "sites_updated": [None, updated]})
    log.info("import %s: %s sites written, %s updated in model %s", pending.id, created, updated, model.id)
    return created, updated


def cancel_import(pending: SiteImport) -> None:
    imports.cancel(pending)


def status_label(code: str | None) -> str:
    return str(SITE_STATUSES.get(code, code or ""))

