"""Rows of sites from the API, checked with the spreadsheet import's rules and written as new or
changed sites. A thin adapter over today's import (``registry.replication.importing.RowChecker``)
and the sites' service (``add_sites``, ``update_site``, ``move_site``), shaped like the
row-checking and upsert service the spreadsheets work is building (``check_rows(model, rows)``,
then ``apply(model, verdicts)``), so that the API can switch to it by changing this file only.

A row names an existing site of the model by ``id``, or else by ward and sub-unit as the import
does (a live site with that ward and sub-unit is the same site); otherwise it is a new site.
Every cell goes through the import's parsers (wards by name, code or pre-2025 unit, dates not in
the future, counts not negative…) and gets the import's messages. For an existing site only the
fields the row gives change; an ended site is never reopened.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry import clock
from registry.movement.models import MovementModel
from registry.extensions import db
from registry.replication.importing import RowChecker, describe, site_key
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, ReplicationSite
from registry.replication.service import EDITABLE, add_sites, move_site, update_site

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
# Which field an import error is about (its ``column`` param, when it has one, says it better).
ERROR_FIELDS = {
    "missing_ward": "ward", "unknown_ward": "ward", "ward_other_province": "ward", "old_unit": "ward",
    "old_unit_split": "ward", "ambiguous_ward": "ward", "duplicate_existing": "ward", "duplicate_row": "ward",
    "bad_date": "started_on", "future_date": "started_on", "bad_setting": "setting", "bad_status": "status",
    "unknown_model": "model", "other_model": "model",
}
NOT_OF_MODEL = _l("This is not a site of this model.")
ENDED_SITE = _l("This site has ended and cannot be reopened: leave out its id to add a new site.")
# The status a row asks for → the move that leads there from the site's status.
MOVE_TO = {SITE_ACTIVE: {SITE_PAUSED: "resume"}, SITE_PAUSED: {SITE_ACTIVE: "pause"},
           SITE_ENDED: {SITE_ACTIVE: "end", SITE_PAUSED: "end"}}


@dataclass
class Verdict:
    """What one row comes to: a new site, changes to a site, nothing to do, or errors by field."""

    index: int
    action: str
    site_id: int | None = None
    values: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _errors(found: list) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for code, params in found:
        name = params.get("column") or ERROR_FIELDS.get(code, "row")
        by_field.setdefault(name, []).append(describe([code, params]))
    return by_field


class _Checker(RowChecker):
    """The import's checker, where a row about an existing live site updates it instead of being
    refused as a duplicate; two rows about one site are still refused."""

    def __init__(self, model: MovementModel, today: date):
        super().__init__(model, today)
        self.live, self.existing = self.existing, {}
        self.ward_by_id = {ward.id: ward for ward in self.wards.by_code.values()}


def check_rows(model: MovementModel, rows: list[dict]) -> list[Verdict]:
    """A verdict per row (each row a dict of the fields given, ``id`` to name a site)."""
    checker = _Checker(model, clock.today())
    sites = {site.id: site for site in db.session.scalars(
        select(ReplicationSite).where(ReplicationSite.model_id == model.id,
                                      ReplicationSite.id.in_([row["id"] for row in rows if row.get("id")])))}
    verdicts = []
    for index, row in enumerate(rows):
        site = sites.get(row.get("id")) if row.get("id") else None
        cells = {name: value for name, value in row.items() if name != "id"}
        if site is not None:  # the site's own ward and sub-unit, unless the row moves it
            cells.setdefault("ward", checker.ward_by_id[site.ward_id].code)
            cells.setdefault("sub_unit", site.sub_unit)
        checked = checker.check(index + 1, cells)
        verdicts.append(_verdict(index, row, site, checked, checker))
    return verdicts


def _verdict(index: int, row: dict, site: ReplicationSite | None, checked: dict, checker: _Checker) -> Verdict:
    if row.get("id") and site is None:
        return Verdict(index, ERROR, errors={"id": [str(NOT_OF_MODEL)]})
    if checked["errors"]:
        return Verdict(index, ERROR, site_id=site.id if site else None, errors=_errors(checked["errors"]))
    values = _clean(checked["site"])
    live = checker.live.get(site_key(values["ward_id"], values["sub_unit"]))
    if site is None and live is not None:
        site = live
    if site is None:
        return Verdict(index, NEW, values=values)
    if site.status == SITE_ENDED:
        return Verdict(index, ERROR, site_id=site.id, errors={"id": [str(ENDED_SITE)]})
    if live is not None and live.id != site.id:
        return Verdict(index, ERROR, site_id=site.id, errors=_errors([["duplicate_existing", {
            "ward": checked["site"]["ward_name"], "sub_unit": f" – {values['sub_unit']}" if values["sub_unit"] else ""}]]))
    given = {name: values[name] for name in values if name in row or (name == "ward_id" and "ward" in row)}
    changed = {name: value for name, value in given.items() if getattr(site, name) != value}
    return Verdict(index, UPDATED if changed else UNCHANGED, site_id=site.id, values=changed)


def _clean(site: dict) -> dict:
    values = {key: value for key, value in site.items() if key not in ("ward_name", "former_unit")}
    values["started_on"] = date.fromisoformat(values["started_on"]) if values.get("started_on") else None
    return values


def apply(model: MovementModel, verdicts: list[Verdict]) -> None:
    """Write the new and changed sites of ``verdicts`` in the caller's transaction: new ones in
    bulk (``add_sites``), changes one by one with their history, status through the sites' moves.
    Fills in the new sites' ids."""
    new = [verdict for verdict in verdicts if verdict.action == NEW]
    if new:
        for verdict, site_id in zip(new, add_sites(model, [v.values for v in new], action="site_imported")):
            verdict.site_id = site_id
    for verdict in verdicts:
        if verdict.action != UPDATED:
            continue
        site = db.session.get(ReplicationSite, verdict.site_id)
        status = verdict.values.pop("status", None)
        fields = {name: value for name, value in verdict.values.items() if name in EDITABLE}
        if fields:
            update_site(site, fields, None)
        if status is not None and status != site.status:
            move_site(site, MOVE_TO[status][site.status], None)

