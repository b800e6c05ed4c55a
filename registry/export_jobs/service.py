"""Exports as jobs: record the request, start the job after the commit, write the file, expire it.

The file is written under EXPORT_FOLDER (outside the web root) with an unguessable name,
first as ``.part`` and renamed when complete, so a download never sees half a file. The job
commits its progress every PROGRESS_EVERY rows for the page's progress bar. Files are kept
EXPORT_KEEP_HOURS after they are ready; ``delete_expired`` removes them (hourly from
``jobs/cron.py``, and for the province whenever one of its users starts an export).
"""
from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from registry.clock import today
from registry.export_jobs.kinds import Filters, as_filters, kind_named
from registry.export_jobs.models import DONE, EXPIRED, FAILED, IN_PROGRESS, QUEUED, ExportJob
from registry.exports import FORMATS, write_spreadsheet
from registry.extensions import db
from registry.clock import now_utc
from registry.tenants.models import Province

log = logging.getLogger(__name__)

PROGRESS_EVERY = 2000
# RQ stops a job after this long; an export still unfinished twice as long after it was asked
# for has lost its worker and is reported as failed.
JOB_TIMEOUT = 3600
STALE_AFTER = timedelta(seconds=2 * JOB_TIMEOUT)
INTERRUPTED = "interrupted: no worker finished the export in time"


class UnknownFormat(ValueError):
    """The requested file format is neither CSV nor XLSX."""


def new_export(kind: str, filters: Filters, file_format: str, *, user_id: int, province_id: int,
               locale: str) -> ExportJob:
    """Add an export to the session (the caller commits, then calls ``start``). Raises UnknownFormat."""
    if file_format not in FORMATS:
        raise UnknownFormat(file_format)
    kind_named(kind)  # an unknown kind is a programming error: KeyError here, not in the job
    export = ExportJob(kind=kind, filters=filters.to_dict(), file_format=file_format, locale=locale,
                       created_by_id=user_id, province_id=province_id, status=QUEUED)
    db.session.add(export)
    return export


def file_path(export: ExportJob) -> Path:
    return Path(current_app.config["EXPORT_FOLDER"]) / export.stored_name


def write_export(export: ExportJob) -> None:
    """Write the file of a claimed export. Runs in the export's province scope and language."""
    kind = kind_named(export.kind)
    filters = as_filters(export.filters)
    province = db.session.get(Province, export.province_id)
    export.rows_total = kind.count(export.province_id, filters)
    export.download_name = f"{kind.file_stem(province, filters)}-{today():%Y%m%d}.{export.file_format}"
    export.stored_name = f"{export.id}-{secrets.token_hex(8)}.{export.file_format}"
    db.session.commit()
    path = file_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "wb") as handle:
            rows = _with_progress(kind.rows(export.province_id, filters), export)
            write_spreadsheet(handle, export.file_format, kind.header(), rows, kind.sheet(), **kind.xlsx_options(province))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    export.status, export.finished_at = DONE, now_utc()
    export.expires_at = export.finished_at + timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    db.session.commit()
    log.info("export %s (%s, %s) written: %s rows", export.id, export.kind, export.file_format, export.rows_done)


def _with_progress(rows: Iterable[list], export: ExportJob) -> Iterator[list]:
    """The rows unchanged; every PROGRESS_EVERY of them the count is committed for the page."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            export.rows_done = done
            db.session.commit()
    export.rows_done = done


def record_failure(export_id: int, error: BaseException) -> None:
    db.session.rollback()
    export = db.session.scalar(
        select(ExportJob).where(ExportJob.id == export_id).execution_options(skip_tenant_scope=True))
    export.status, export.finished_at = FAILED, now_utc()
    export.error = f"{type(error).__name__}: {error}"[:2000]
    db.session.commit()


def is_past(moment: datetime | None, now: datetime) -> bool:
    """Whether ``moment`` is before ``now``."""
    return moment is not None and moment < now


def expire(export: ExportJob) -> None:
    """Delete the file of a finished export; the row stays, saying when it was made."""
    if export.stored_name:
        file_path(export).unlink(missing_ok=True)
    export.status = EXPIRED


def delete_expired(now: datetime | None = None) -> int:
    """Delete the files past their time and fail exports whose worker died; returns files deleted.

    Reads through the current scope: every province in a job, the current one in a request.
    The caller commits.
    """
    now = now or now_utc()
    expired = db.session.scalars(select(ExportJob).where(ExportJob.status == DONE, ExportJob.expires_at < now)).all()
    for export in expired:
        expire(export)
    stale = db.session.scalars(
        select(ExportJob).where(ExportJob.status.in_(IN_PROGRESS), ExportJob.created_at < now - STALE_AFTER)
    ).all()
    for export in stale:
        export.status, export.finished_at, export.error = FAILED, now, INTERRUPTED
    if expired or stale:
        log.info("exports: %d files deleted, %d interrupted exports marked failed", len(expired), len(stale))
    return len(expired)
