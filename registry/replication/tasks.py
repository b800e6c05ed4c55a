"""Jobs of the replication area: parse and check an uploaded sites spreadsheet, keeping its
progress on the import row."""
from __future__ import annotations

import logging

from sqlalchemy import select, update

from registry import clock
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import MovementModel
from registry.replication import spreadsheet
from registry.replication.importing import PROGRESS_EVERY, RowChecker
from registry.replication.models import IMPORT_FAILED, IMPORT_PARSING, IMPORT_READY, SiteImport

log = logging.getLogger(__name__)


def _progress(import_id: int, processed: int) -> None:
    """Show how far the check is, in a transaction of its own: committing the job's session
    would expire the wards and the model the checker holds and reload them one by one."""
    with db.engine.begin() as connection:
        connection.execute(update(SiteImport).where(SiteImport.id == import_id).values(processed=processed))


def parse_site_import(import_id: int) -> None:
    """Check every row of import ``import_id``; a second run of a finished import does nothing."""
    pending = db.session.scalar(
        select(SiteImport).where(SiteImport.id == import_id).execution_options(skip_tenant_scope=True)
    )
    if pending is None or pending.status != IMPORT_PARSING:
        return
    model = db.session.scalar(
        select(MovementModel).where(MovementModel.id == pending.model_id).execution_options(skip_tenant_scope=True)
    )
    data = pending.payload or b""
    try:
        pending.total = spreadsheet.count_rows(pending.file_format, data)
        db.session.commit()
        checker, rows = RowChecker(model, clock.today()), []
        for line, cells in spreadsheet.read_sites(pending.file_format, data):
            rows.append(checker.check(line, cells))
            if len(rows) > spreadsheet.MAX_ROWS:
                raise spreadsheet.SpreadsheetError("too_many_rows", max=f"{spreadsheet.MAX_ROWS:,}".replace(",", "."))
            if len(rows) % PROGRESS_EVERY == 0:
                _progress(import_id, len(rows))
    except spreadsheet.SpreadsheetError as error:
        pending.status, pending.error = IMPORT_FAILED, [error.code, error.params]
    else:
        pending.status, pending.rows, pending.processed = IMPORT_READY, rows, len(rows)
    pending.payload, pending.finished_at = None, now_utc()
    db.session.commit()
    log.info("site import %s parsed: %s (%s rows)", import_id, pending.status, pending.processed)
