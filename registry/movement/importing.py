"""Bulk import of a province's models: every row checked, then created and changed through the service.

``check_rows(province_id, rows)`` takes rows from any source as ``(line, {field: raw value})``
and gives each a verdict (``registry.sheets.imports.RowResult``): *new*, *updated* (the
changed fields, old → new), *unchanged* or *error*, with the similar models of the province
and of the national catalogue as a hint for new ones. A row is tied to a model by its
reference ("MH-000045", the export's first column), otherwise by its name. ``apply`` writes
the verdicts in the caller's transaction, only through ``registry.movement.service``
(``create_model``, ``update_model``, and ``change_status`` for every status move, so the
service's rules and history apply), and raises ``ImportStale`` when a model changed since
the check.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry import clock
from registry.extensions import db
from registry.movement import service, spreadsheet
from registry.movement.models import (
    CATEGORIES, DEFAULT_REVIEW_INTERVAL_MONTHS, DRAFT, END_REASONS, ENDED, MODEL_REFERENCE_PREFIX, STATUSES,
    SETTINGS, ModelImport, MovementModel, model_reference,
)
from registry.movement.queries import similar_models
from registry.replication.importing import ROW_ERRORS as SITE_ROW_ERRORS
from registry.replication.importing import WARD_ERRORS
from registry.replication.values import setting_vocabulary
from registry.replication.wards import WardResolver
from registry.sheets import cells as values
from registry.sheets.reading import SpreadsheetError  # noqa: F401  (the routes catch it from here)
from registry.sheets import imports
from registry.sheets.imports import ERROR, NEW, UPDATED, ImportStale, RowResult, verdict
from registry.tenants.models import Province
from registry.text import fold

log = logging.getLogger(__name__)

COLUMN_LABELS = {column.field: column.label for column in spreadsheet.MODEL_COLUMNS}
ROW_ERRORS = {
    "missing_name": _l("The model's name is missing."),
    "missing_category": _l("The category is missing."),
    "missing_setting": _l("The target setting is missing."),
    "bad_category": _l("Unknown category “%(value)s”: choose one of the list."),
    "bad_setting": _l("Unknown setting “%(value)s”: choose one of the list."),
    "bad_status": _l("Unknown status “%(value)s”: write draft, active, suspended or ended."),
    "bad_end_reason": _l("Unknown reason for ending “%(value)s”: choose one of the list."),
    "bad_move": _l("A model cannot go from “%(old)s” to “%(new)s”."),
    "missing_end_reason": _l("An ended model needs its reason for ending."),
    "missing_merged_into": _l("A model merged into another needs the model it was merged into."),
    "missing_explanation": _l("The reason “Other” needs an explanation."),
    "unknown_merged_into": _l("“%(value)s” is not a model of this province."),
    "ended_locked": _l("The model has ended: its reason for ending cannot be changed by an import."),
    "bad_date": _l("“%(value)s” is not a date: write dd/mm/yyyy."),
    "future_date": _l("The launch date %(value)s is in the future."),
    "bad_number": _l("%(column)s: “%(value)s” is not a whole number."),
    "negative": _l("%(column)s cannot be negative (%(value)s)."),
    "bad_interval": _l("The review interval must be between 1 and 60 months (not %(value)s)."),
    "too_long": _l("%(column)s is longer than %(max)s characters."),
    "bad_reference": _l("“%(value)s” is not a model reference (such as MH-000045)."),
    "unknown_reference": _l("“%(value)s” is not a model of this province. Clear the reference to add the row "
                            "as a new model."),
    "ambiguous_name": _l("Several models of the province are called “%(value)s”: add the model reference."),
    "duplicate_row": _l("Row %(line)s of the file is already about this model (same reference or same name)."),
    # The origin ward, as the sites import says it (registry.replication.wards).
    **{code: SITE_ROW_ERRORS[code] for code in WARD_ERRORS},
}
TEXTS = {"name": 255, "host_organisation": 255, "tags": 500, "summary": 4000, "objectives": 8000,
         "how_it_works": 8000, "resources": 8000, "end_reason_text": 2000}
STATUS_WORDS = {
    DRAFT: ("du thao", "nhap", "ban nhap", "chua hoat dong"),
    "active": ("dang hoat dong", "hoat dong", "dang trien khai"),
    "suspended": ("tam dung", "tam ngung", "ngung hoat dong tam thoi"),
    ENDED: ("da ket thuc", "ket thuc", "da dung", "cham dut"),
}
REASON_WORDS = {
    "unsuitable": ("khong phu hop",), "ineffective": ("khong hieu qua", "kem hieu qua", "hieu qua thap"),
    "merged": ("sap nhap", "hop nhat", "da sap nhap"), "other": ("khac", "ly do khac"),
}
CATEGORY_WORDS = {
    "cameras": ("camera", "camera an ninh"), "self_management": ("tu quan",),
    "inter_family": ("to lien gia", "lien gia tu quan"), "drug_prevention": ("ma tuy", "phong chong ma tuy"),
    "mediation": ("hoa giai",), "fire_prevention": ("pccc", "phong chay chua chay"),
    "traffic_order": ("giao thong", "trat tu giao thong"), "online": ("mang xa hoi", "khong gian mang"),
    "other": ("khac",),
}
WRITTEN_SHOWN = 10
_STATE_COLUMNS = (MovementModel.id, MovementModel.version, MovementModel.name_folded, MovementModel.status,
                  MovementModel.end_reason, MovementModel.end_reason_text, MovementModel.merged_into_id,
                  *(getattr(MovementModel, field) for field in service.EDITABLE_FIELDS))


def describe(error) -> str:
    code, params = error
    params = dict(params)
    if "column" in params:
        params["column"] = str(COLUMN_LABELS.get(params["column"], params["column"]))
    return str(ROW_ERRORS[code]) % params


def moves_between(old: str, new: str) -> list[str] | None:
    """The shortest list of the service's moves from status ``old`` to ``new``; None if none leads there."""
    paths, seen = deque([(old, [])]), {old}
    while paths:
        status, path = paths.popleft()
        if status == new:
            return path
        for move in service.MOVES.values():
            if status in move.sources and move.target not in seen:
                seen.add(move.target)
                paths.append((move.target, [*path, move.name]))
    return None


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


class ModelRowChecker:
    """Checks rows of models for one province, remembering earlier rows to catch repeats."""

    def __init__(self, province_id: int, today: date | None = None, hints: bool = True):
        self.province_id, self.today, self.hints = province_id, today or clock.today(), hints
        self.wards = WardResolver(db.session.get(Province, province_id))
        self.ward_names = {ward.id: ward.name for ward in self.wards.by_code.values()}
        rows = db.session.execute(select(*_STATE_COLUMNS).where(MovementModel.province_id == province_id))
        self.models = {row.id: row._asdict() for row in rows}
        self.by_name: dict[str, list[int]] = {}
        for model_id, model in self.models.items():
            self.by_name.setdefault(model["name_folded"], []).append(model_id)
        self.claimed: dict[object, int] = {}
        self.written_shown = 0
        self.vocabularies = {
            "category": (values.vocabulary(CATEGORIES, CATEGORY_WORDS), "bad_category"),
            "target_setting": (setting_vocabulary(), "bad_setting"),
            "status": (values.vocabulary(STATUSES, STATUS_WORDS), "bad_status"),
            "end_reason": (values.vocabulary(END_REASONS, REASON_WORDS), "bad_end_reason"),
        }

    def check(self, line: int, cells: dict) -> RowResult:
        errors: list = []
        parsed = self._parse(cells, errors)
        shown = {field: values.text(cell) for field, cell in cells.items()}
        target = self._target(cells, parsed, errors)
        if errors:
            return verdict(line, shown, errors)
        if target is None:
            return self._new(line, shown, parsed, errors)
        return self._update(line, shown, target, parsed, errors)

    # -- reading the cells ---------------------------------------------------------------

    def _parse(self, cells: dict, errors: list) -> dict:
        parsed: dict = {}
        for field, limit in TEXTS.items():
            if field in cells:
                parsed[field] = values.text(cells[field])
                if len(parsed[field]) > limit:
                    errors.append(["too_long", {"column": field, "max": limit}])
        for field, (known, code) in self.vocabularies.items():
            if field in cells:
                self._try(errors, parsed, field, lambda cell: values.parse_choice(cell, known, code, None), cells[field])
        if "launched_on" in cells:
            self._try(errors, parsed, "launched_on", lambda cell: values.parse_date(cell, self.today), cells["launched_on"])
        if "review_interval_months" in cells:
            self._try(errors, parsed, "review_interval_months", self._interval, cells["review_interval_months"])
        if parsed.get("tags"):
            parsed["tags"] = ", ".join(tag.strip() for tag in parsed["tags"].split(",") if tag.strip())
        if "origin_ward" in cells:
            parsed["origin_ward_id"] = self._ward(cells["origin_ward"], errors)
        if "merged_into" in cells:
            parsed["merged_into_id"] = self._merged_into(cells["merged_into"], errors)
        return parsed

    @staticmethod
    def _try(errors: list, parsed: dict, field: str, parse, cell) -> None:
        try:
            parsed[field] = parse(cell)
        except values.BadValue as bad:
            errors.append([bad.code, bad.params])

    @staticmethod
    def _interval(cell) -> int | None:
        months = values.parse_count(cell, "review_interval_months")
        if months is not None and not 1 <= months <= 60:
            raise values.BadValue("bad_interval", value=months)
        return months

    def _ward(self, cell, errors: list) -> int | None:
        if values.text(cell) == "":
            return None
        resolved = self.wards.resolve(cell)
        if resolved.error:
            errors.append(list(resolved.error))
            return None
        return resolved.ward.id

    def _model_named(self, cell) -> int | None:
        """A model of the province by reference or by its (unique) name."""
        try:
            model_id = values.parse_reference(cell, MODEL_REFERENCE_PREFIX)
        except values.BadValue:
            model_id = None
        if model_id in self.models:
            return model_id
        found = self.by_name.get(fold(values.text(cell)), [])
        return found[0] if len(found) == 1 else None

    def _merged_into(self, cell, errors: list) -> int | None:
        if values.text(cell) == "":
            return None
        model_id = self._model_named(cell)
        if model_id is None:
            errors.append(["unknown_merged_into", {"value": values.text(cell)}])
        return model_id

    def _target(self, cells: dict, parsed: dict, errors: list) -> int | None:
        """The existing model the row is about: by reference, else by name; None for a new one."""
        raw = values.text(cells.get("reference"))
        if raw:
            try:
                model_id = values.parse_reference(raw, MODEL_REFERENCE_PREFIX)
            except values.BadValue as bad:
                errors.append([bad.code, bad.params])
                return None
            if model_id not in self.models:  # another province's model is not found either
                errors.append(["unknown_reference", {"value": raw}])
                return None
            return model_id
        name = parsed.get("name", "")
        if not name:
            errors.append(["missing_name", {}])
            return None
        found = self.by_name.get(fold(name), [])
        if len(found) > 1:
            errors.append(["ambiguous_name", {"value": name}])
            return None
        return found[0] if found else None

    # -- what the row does ---------------------------------------------------------------

    def _status_moves(self, old: str, parsed: dict, model: dict | None, errors: list) -> list[str]:
        new = parsed.get("status") or old
        if new == old:
            if old == ENDED and model and parsed.get("end_reason") not in (None, model["end_reason"]):
                errors.append(["ended_locked", {}])
            return []
        moves = moves_between(old, new)
        if moves is None:
            errors.append(["bad_move", {"old": str(STATUSES[old]), "new": str(STATUSES[new])}])
            return []
        if new == ENDED:
            reason = parsed.get("end_reason")
            if not reason:
                errors.append(["missing_end_reason", {}])
            elif reason == "merged" and not parsed.get("merged_into_id"):
                errors.append(["missing_merged_into", {}])
            elif reason == "other" and not parsed.get("end_reason_text"):
                errors.append(["missing_explanation", {}])
        return moves

    def _claim(self, claim, line: int, errors: list) -> None:
        if claim in self.claimed:
            errors.append(["duplicate_row", {"line": self.claimed[claim]}])
        else:
            self.claimed[claim] = line

    def _ending(self, parsed: dict) -> dict:
        return {field: parsed.get(field) for field in ("end_reason", "end_reason_text", "merged_into_id")}

    def _new(self, line: int, shown: dict, parsed: dict, errors: list) -> RowResult:
        for field, code in (("category", "missing_category"), ("target_setting", "missing_setting")):
            if not parsed.get(field):
                errors.append([code, {}])
        moves = self._status_moves(DRAFT, parsed, None, errors)
        self._claim(fold(parsed["name"]), line, errors)
        data = {field: parsed[field] for field in service.EDITABLE_FIELDS if parsed.get(field) is not None}
        data.setdefault("review_interval_months", DEFAULT_REVIEW_INTERVAL_MONTHS)
        hints = self._similar(parsed["name"]) if not errors else {}
        result = verdict(line, shown, errors, values={"data": {f: _plain(v) for f, v in data.items()}, "moves": moves,
                                                      "ending": self._ending(parsed) if parsed.get("status") == ENDED
                                                      else {}}, **hints)
        return self._with_written(result, None, {**data, "status": parsed.get("status") or DRAFT})

    def _update(self, line: int, shown: dict, model_id: int, parsed: dict, errors: list) -> RowResult:
        model = self.models[model_id]
        self._claim(model_id, line, errors)
        if parsed.get("name") and fold(parsed["name"]) != model["name_folded"]:
            self._claim(fold(parsed["name"]), line, errors)
        data = {}
        for field in service.EDITABLE_FIELDS:
            if field not in parsed or (parsed[field] in (None, "") and field in ("name", "category", "target_setting",
                                                                                "review_interval_months")):
                continue
            if parsed[field] != model[field]:
                data[field] = parsed[field]
        moves = self._status_moves(model["status"], parsed, model, errors)
        changes = {field: [self._shown(field, model[field]), self._shown(field, value)] for field, value in data.items()}
        ending = {}
        if moves:
            changes["status"] = [model["status"], parsed["status"]]
            if parsed["status"] == ENDED:
                ending = self._ending(parsed)
                changes.update({field: [None, self._shown(field, value)] for field, value in ending.items() if value})
        result = verdict(line, shown, errors, target=model_id, version=model["version"],
                         values={"data": {f: _plain(v) for f, v in data.items()}, "moves": moves, "ending": ending},
                         changes=changes)
        return self._with_written(result, model_id, {**model, **data, "status": parsed.get("status") or model["status"]})

    def _with_written(self, result: RowResult, model_id: int | None, model: dict) -> RowResult:
        """The first rows the preview shows get the model as it will stand after the import."""
        if result["action"] == ERROR or self.written_shown >= WRITTEN_SHOWN:
            return result
        self.written_shown += 1
        launched = model.get("launched_on")
        result["written"] = {
            "reference": model_reference(model_id) if model_id else "", "name": model.get("name", ""),
            "category": str(CATEGORIES.get(model.get("category"), "")),
            "target_setting": str(SETTINGS.get(model.get("target_setting"), "")),
            "status": str(STATUSES.get(model["status"], "")),
            "origin_ward": self.ward_names.get(model.get("origin_ward_id"), ""),
            "launched_on": launched.strftime("%d/%m/%Y") if launched else "",
        }
        return result

    def _shown(self, field: str, value):
        if field == "origin_ward_id":
            return self.ward_names.get(value)
        if field == "merged_into_id":
            return self.models[value]["name"] if value in self.models else value
        return _plain(value)

    def _similar(self, name: str) -> dict:
        """The province's and the catalogue's closest models to a new row's name (the form's own hint)."""
        if not self.hints:
            return {}
        own, national = similar_models(name, self.province_id)
        found = {"similar": [model.name for model in own if model.name_folded != fold(name)],
                 "national": [f"{model.name} ({province})" for model, province in national]}
        return {key: names for key, names in found.items() if names}


def check_rows(province_id: int, rows: Iterable[tuple[int, dict]], today: date | None = None) -> list[RowResult]:
    """The verdict of every row, in order (see the module's docstring)."""
    checker = ModelRowChecker(province_id, today)
    return [checker.check(line, cells) for line, cells in rows]


def _move(model: MovementModel, moves: list[str], ending: dict) -> None:
    merged_into = db.session.get(MovementModel, ending["merged_into_id"]) if ending.get("merged_into_id") else None
    for move in moves:
        options = {}
        if service.MOVES[move].target == ENDED:
            options = dict(reason=ending.get("end_reason"), reason_text=ending.get("end_reason_text"),
                           merged_into=merged_into)
        service.change_status(model, move, None, **options)


def apply(province_id: int, results: Iterable[RowResult], actor_id: int | None = None) -> tuple[int, int]:
    """Create and change models as the verdicts say, in the caller's transaction: (created, updated).

    Raises ``ImportStale`` (the caller rolls back) when a model changed since the check.
    """
    created = updated = 0
    for row in results:
        if row["action"] == NEW:
            model = service.create_model(province_id, imports.with_dates(row["values"]["data"], "launched_on"), actor_id)
            created += 1
        elif row["action"] == UPDATED:
            model = db.session.scalar(select(MovementModel).where(
                MovementModel.id == row["target"], MovementModel.province_id == province_id))
            if model is None or model.version != row["version"]:
                raise ImportStale(row["line"])
            if row["values"]["data"]:
                try:
                    service.update_model(model, imports.with_dates(row["values"]["data"], "launched_on"), row["version"])
                except service.StaleVersion as error:
                    raise ImportStale(row["line"]) from error
            updated += 1
        else:
            continue
        try:
            _move(model, row["values"]["moves"], row["values"]["ending"])
        except service.MoveRefused as error:
            raise ImportStale(row["line"]) from error
    log.info("province %s: %s models created, %s changed by import", province_id, created, updated)
    return created, updated


# -- The spreadsheet around it ---------------------------------------------------------------

def start_import(province_id: int, filename: str, data: bytes, user_id: int | None) -> ModelImport:
    """Keep the upload as a pending import after the cheap checks; raises SpreadsheetError."""
    pending = ModelImport(province_id=province_id, filename=filename[:255], created_by_id=user_id)
    imports.start(pending, data, spreadsheet.MODEL_COLUMNS, spreadsheet.REQUIRED)
    db.session.add(pending)
    return pending


def confirm_import(pending: ModelImport, actor_id: int | None) -> tuple[int, int]:
    if pending.status != imports.READY:
        raise ValueError(pending.status)
    created, updated = apply(pending.province_id, pending.rows or [], actor_id)
    imports.finish(pending, created, updated)
    return created, updated

