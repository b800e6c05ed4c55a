"""What every spreadsheet import shares: the pending import's row, its checking job, its preview.

Upload → the area's ``start_import`` keeps the file in a pending import (``ImportRecord``) and
enqueues the area's job → the job (``check_file``) counts the rows, checks each through the
area's checker, keeps its progress and the verdict of every row → the officer sees the
preview and confirms (the area's ``apply``, one transaction) or cancels. Nothing is written
before the confirmation; the file stays with the import until then, for the error report
and for checking again.

A row's verdict (``RowResult``) is plain JSON, the same whatever the rows came from (a file
now, a JSON API later):

    {"line": 7, "cells": {field: text as typed}, "action": "new" | "updated" | "unchanged" | "error",
     "target": id or None, "version": the target's version when checked,
     "values": {field: clean value} (what will be written), "changes": {field: [old, new]},
     "errors": [[code, params]], "hints": {...}}
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypedDict

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from registry.clock import now_utc
from registry.extensions import db
from registry.sheets import reading
from registry.tenants.scoping import province_scope

log = logging.getLogger(__name__)

PARSING, READY, FAILED, DONE, CANCELLED = "parsing", "ready", "failed", "imported", "cancelled"
NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
ACTIONS = (NEW, UPDATED, UNCHANGED, ERROR)
PROGRESS_EVERY = 500


class RowResult(TypedDict, total=False):
    line: int
    cells: dict[str, str]
    action: str
    target: int | None
    version: int | None
    values: dict[str, Any]
    changes: dict[str, list]
    errors: list[list]
    hints: dict[str, Any]
    written: dict[str, str]   # the first rows only: the record as it will stand, as the preview shows it


def verdict(line: int, cells: dict, errors: list, target: int | None = None, version: int | None = None,
            values: dict | None = None, changes: dict | None = None, **hints) -> RowResult:
    """One row's verdict: an error if any, else new (no target), updated (changes) or unchanged."""
    if errors:
        action = ERROR
    elif target is None:
        action = NEW
    else:
        action = UPDATED if changes else UNCHANGED
    result: RowResult = {"line": line, "cells": cells, "action": action, "target": target, "version": version,
                         "values": {} if errors else (values or {}), "changes": {} if errors else (changes or {}),
                         "errors": errors}
    if hints:
        result["hints"] = hints
    return result


class ImportRecord:
    """The columns of a pending import (a mixin of each area's import table)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(10))
    # The upload, kept until the import is confirmed or cancelled (error report, checking again).
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(20), default=PARSING, index=True)
    total: Mapped[int] = mapped_column(default=0)
    processed: Mapped[int] = mapped_column(default=0)
    rows: Mapped[list | None] = mapped_column(JSON, deferred=True)     # [RowResult]
    layout: Mapped[dict | None] = mapped_column(JSON)                  # reading.Layout.as_json()
    error: Mapped[list | None] = mapped_column(JSON)                   # [code, params] of a file error
    imported: Mapped[int] = mapped_column(default=0)                   # rows written as new
    updated: Mapped[int] = mapped_column(default=0)                    # rows written as changes
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def file_error(self) -> str | None:
        return reading.describe_file_error(self.error[0], self.error[1]) if self.error else None


def _progress(record_class, import_id: int, processed: int) -> None:
    """Show how far the check is, in a transaction of its own: committing the job's session
    would expire what the checker holds and reload it row by row."""
    with db.engine.begin() as connection:
        connection.execute(update(record_class).where(record_class.id == import_id).values(processed=processed))


@contextmanager
def job_context(pending: ImportRecord):
    """What a checking job runs in: the import's province only, and its uploader's language
    (a job has no request to read them from)."""
    from registry.accounts.models import User  # accounts builds on the areas' tables, not the other way

    locale = db.session.scalar(select(User.locale).where(User.id == pending.created_by_id)) if pending.created_by_id \
        else None
    with province_scope(pending.province_id), force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def check_file(pending: ImportRecord, columns, required: str, check: Callable[[int, dict], RowResult]) -> None:
    """The checking job's work on a claimed import: count, check every row, keep the verdicts."""
    data, name = pending.payload or b"", pending.filename
    record_class = type(pending)
    try:
        pending.total = reading.count_rows(pending.file_format, data, columns, required, name)
        db.session.commit()
        rows: list[RowResult] = []
        with reading.open_table(pending.file_format, data, columns, required, name) as table:
            pending.layout = table.layout.as_json()
            db.session.commit()  # before the rows: the progress is written by another connection
            for line, cells in table.rows:
                rows.append(check(line, cells))
                if len(rows) > reading.MAX_ROWS:
                    raise reading.too_many_rows()
                if len(rows) % PROGRESS_EVERY == 0:
                    _progress(record_class, pending.id, len(rows))
    except reading.SpreadsheetError as error:
        pending.status, pending.error, pending.payload = FAILED, [error.code, error.params], None
    else:
        pending.status, pending.rows, pending.processed = READY, rows, len(rows)
    pending.finished_at = now_utc()
    db.session.commit()
    log.info("%s %s checked: %s (%s rows)", record_class.__tablename__, pending.id, pending.status, pending.processed)


def start(pending: ImportRecord, data: bytes, columns, required: str) -> None:
    """The upload request's cheap checks before the import is kept; raises SpreadsheetError."""
    pending.file_format = reading.detect_format(data)
    reading.check_upload(pending.file_format, data, columns, required, pending.filename)
    pending.payload, pending.status = data, PARSING


def summary(rows: Iterable[RowResult] | None) -> dict:
    """Counts by action, and the rows of each action in the file's order."""
    rows = list(rows or [])
    by_action: dict[str, list] = {action: [] for action in ACTIONS}
    for row in rows:
        by_action[row["action"]].append(row)
    counts = Counter({action: len(found) for action, found in by_action.items()})
    return {"total": len(rows), "counts": counts, "rows": by_action,
            "writes": counts[NEW] + counts[UPDATED], "first": [row for row in rows if row.get("written")]}


def finish(pending: ImportRecord, created: int, updated: int) -> None:
    pending.status, pending.imported, pending.updated, pending.finished_at = DONE, created, updated, now_utc()
    pending.rows, pending.payload = None, None


def cancel(pending: ImportRecord) -> None:
    pending.status, pending.finished_at, pending.rows, pending.payload = CANCELLED, now_utc(), None, None


def check_again(pending: ImportRecord) -> None:
    """Back to the job with the kept file (after the records changed since the preview)."""
    pending.status, pending.rows, pending.processed, pending.error = PARSING, None, 0, None


def error_messages(rows: Iterable[RowResult], describe: Callable[[list], str]) -> dict[int, list[str]]:
    return {row["line"]: [describe(error) for error in row["errors"]] for row in rows if row["errors"]}


def with_dates(values: dict, *fields: str) -> dict:
    """``values`` of a verdict (JSON) with its ISO ``fields`` back as dates, ready to write."""
    return {**values, **{field: date.fromisoformat(values[field]) for field in fields if values.get(field)}}


class ImportStale(Exception):
    """What the preview showed changed before the confirmation; nothing was written."""
