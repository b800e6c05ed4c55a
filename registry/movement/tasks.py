"""Jobs of the models area: check an uploaded models spreadsheet row by row, keeping its progress
on the import row (``registry.sheets.imports.check_file``)."""
from __future__ import annotations

from sqlalchemy import select

from registry import clock
from registry.extensions import db
from registry.movement import spreadsheet
from registry.movement.importing import ModelRowChecker
from registry.movement.models import ModelImport
from registry.sheets.imports import PARSING, check_file, job_context


def parse_model_import(import_id: int) -> None:
    """Check every row of models import ``import_id``; a second run of a finished import does nothing.

    Runs in the import's province scope, so the similar-models hint reads that province (and
    the national catalogue, in its own explicit scope).
    """
    pending = db.session.scalar(
        select(ModelImport).where(ModelImport.id == import_id).execution_options(skip_tenant_scope=True))
    if pending is None or pending.status != PARSING:
        return
    with job_context(pending):
        checker = ModelRowChecker(pending.province_id, clock.today())
        check_file(pending, spreadsheet.MODEL_COLUMNS, spreadsheet.REQUIRED, checker.check)
