"""What the import pages of every area share: reading the upload, the preview's context, the error report."""
from __future__ import annotations

import re
from datetime import date

from flask import abort

from registry import uploads
from registry.core.formatting import format_day
from registry.exports import send_spreadsheet
from registry.sheets import imports, reading, writing
from registry.sheets.columns import Column

PROBLEMS_SHOWN = 1000
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_upload(upload, max_mb: int) -> tuple[str, bytes]:
    """(clean file name, bytes) of an uploaded spreadsheet; SpreadsheetError when too large or empty."""
    limit = max_mb * uploads.MB
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise reading.SpreadsheetError("too_large", max=max_mb)
    return uploads.clean_filename(upload.filename), data


def value_shower(labels: dict[str, dict]):
    """``show(field, value)``: a verdict's value as the preview shows it (labels, dd/mm/yyyy, —)."""

    def show(field: str, value) -> str:
        if value is None or value == "":
            return "—"
        if field in labels and value in labels[field]:
            return str(labels[field][value])
        if isinstance(value, str) and _ISO_DAY.match(value):
            return format_day(date.fromisoformat(value))
        return str(value)

    return show


def status_context(pending: imports.ImportRecord, columns: tuple[Column, ...], describe, field_labels: dict,
                   value_labels: dict[str, dict] | None = None) -> dict:
    """What the status block of an import page needs besides the import and its summary."""
    layout = pending.layout or {}
    present = {field for _header, field in layout.get("matched", [])}
    return {
        "file_error": pending.file_error, "describe": describe, "shown": PROBLEMS_SHOWN,
        "layout": layout, "field_label": lambda field: str(field_labels.get(field, field)),
        "absent": [column for column in columns if column.field not in present and not column.read_only],
        "show_value": value_shower(value_labels or {}),
    }


def error_report_response(pending: imports.ImportRecord, describe):
    """The error report of a checked import as a download; 404 unless its preview is ready."""
    if pending.status != imports.READY or pending.payload is None:
        abort(404)
    errors = imports.error_messages(pending.rows or [], describe)
    report = writing.error_report(pending.file_format, pending.payload, pending.layout or {}, errors, pending.filename)
    stem = pending.filename.rsplit(".", 1)[0] or "bang-tinh"
    return send_spreadsheet(report, "xlsx", f"{stem}-loi.xlsx")
