"""Jobs of the replication area: check an uploaded sites spreadsheet row by row, keeping its
progress on the import row (``registry.sheets.imports.check_file``)."""
from __future__ import annotations

from sqlalchemy import select

from registry import clock
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication import spreadsheet
from registry.replication.importing import RowChecker
from registry.replication.models import IMPORT_PARSING, SiteImport
from registry.sheets.imports import check_file, job_context


def parse_site_import(import_id: int) -> None:
    """Check every row of import ``import_id``; a second run of a finished import does nothing.

    Runs in the import's province scope: what the checks read is that province's only.
    """
    pending = db.session.scalar(
        select(SiteImport).where(SiteImport.id == import_id).execution_options(skip_tenant_scope=True))
    if pending is None or pending.status != IMPORT_PARSING:
        return
    with job_context(pending):
        model = db.session.get(MovementModel, pending.model_id)
        checker = RowChecker(model, clock.today())
        check_file(pending, spreadsheet.SITE_COLUMNS, spreadsheet.REQUIRED, checker.check)
