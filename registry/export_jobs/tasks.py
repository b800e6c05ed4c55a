"""Jobs of the exports: write an export's file reading only its province; delete the files past their time."""
from __future__ import annotations

import logging

from flask_babel import force_locale
from sqlalchemy import select, update

from registry.export_jobs import service
from registry.export_jobs.service import JOB_TIMEOUT
from registry.export_jobs.models import QUEUED, RUNNING, ExportJob
from registry.extensions import db
from registry.clock import now_utc
from registry.queue import QueueUnavailable, enqueue, run_here
from registry.tenants.scoping import province_scope

log = logging.getLogger(__name__)


def start(export_id: int) -> None:
    """Hand the export to a worker; without Redis (or when it is down) write it here and now."""
    try:
        enqueue(build_export, export_id, job_timeout=JOB_TIMEOUT)
    except QueueUnavailable as error:
        log.warning("queue unavailable, export %s written in the request: %s", export_id, error)
        run_here(build_export, export_id)


def build_export(export_id: int) -> None:
    """Write export ``export_id``; a second run (a duplicate or retried job) does nothing.

    The job runs outside any request, where the system would read every province: it enters
    the export's province first, so the file holds that province's rows and no other's.
    """
    if not claim(export_id):
        log.info("export %s is not waiting; nothing to do", export_id)
        return
    export = db.session.scalar(
        select(ExportJob).where(ExportJob.id == export_id).execution_options(skip_tenant_scope=True))
    try:
        with province_scope(export.province_id), force_locale(export.locale):
            service.write_export(export)
    except Exception as error:
        log.exception("export %s failed", export_id)
        service.record_failure(export_id, error)
        raise


def claim(export_id: int) -> bool:
    """Move a queued export to running in one UPDATE: of two jobs for it, one works."""
    claimed = db.session.execute(
        update(ExportJob).where(ExportJob.id == export_id, ExportJob.status == QUEUED)
        .values(status=RUNNING, started_at=now_utc()), execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return claimed == 1


def delete_expired_exports() -> int:
    """The hourly clean-up: files past EXPORT_KEEP_HOURS, exports whose worker died."""
    deleted = service.delete_expired()
    db.session.commit()
    return deleted
