"""Bulk import of sites into one model: upload, progress, preview, error report, confirm or cancel.

All routes need an editing role (403 for viewers) and answer 404 for a model or an import
of another province, or an import that is not of the model in the URL.
"""
from __future__ import annotations

from flask import abort, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.accounts.permissions import require_editor
from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.queue import QueueUnavailable, enqueue
from registry.replication import bp, importing, service, spreadsheet
from registry.replication.forms import ImportForm
from registry.replication.models import SITE_STATUSES, SiteImport
from registry.replication.routes import model_url
from registry.replication.tasks import parse_site_import
from registry.sheets import imports
from registry.sheets.preview import error_report_response, read_upload, status_context
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page

TEMPLATE = "replication/import.html"


def _import_of(model: MovementModel, import_id: int) -> SiteImport:
    pending = get_owned_or_404(SiteImport, import_id)
    if pending.model_id != model.id:
        abort(404)
    return pending


def _upload_page(model: MovementModel, form: ImportForm):
    return render_page(TEMPLATE, "upload", model=model, form=form, pending=None,
                       max_mb=current_app.config["SITE_IMPORT_MAX_MB"], columns=spreadsheet.SITE_COLUMNS)


@bp.get("/models/<int:model_id>/sites/import")
def new_import(model_id: int):
    """The upload form, with the template files to download."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    return _upload_page(model, ImportForm())


@bp.post("/models/<int:model_id>/sites/import")
def upload_import(model_id: int):
    """Keep the file as a pending import and start checking it; unreadable files change nothing."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(model, form)
    try:
        filename, data = read_upload(form.file.data, current_app.config["SITE_IMPORT_MAX_MB"])
        pending = importing.start_import(model, filename, data, current_user.id)
    except spreadsheet.SpreadsheetError as error:
        form.file.errors.append(error.message)
        return _upload_page(model, form)
    except service.ModelEnded:
        abort(409)
    db.session.commit()
    _parse_later(pending.id)
    return redirect_after_post(url_for(".show_import", model_id=model.id, import_id=pending.id))


def _parse_later(import_id: int) -> None:
    try:
        enqueue(parse_site_import, import_id)
    except QueueUnavailable:
        parse_site_import(import_id)


@bp.get("/models/<int:model_id>/sites/import/<int:import_id>")
def show_import(model_id: int, import_id: int):
    """Progress while the job runs (the block polls itself), then the preview of every row."""
    model = get_owned_or_404(MovementModel, model_id)
    pending = _import_of(model, import_id)
    require_editor()
    result = importing.summary(pending) if pending.status == imports.READY else None
    return render_page(TEMPLATE, "status", model=model, pending=pending, result=result,
                       **status_context(pending, spreadsheet.SITE_COLUMNS, importing.describe,
                                        importing.COLUMN_LABELS, {"setting": SETTINGS, "status": SITE_STATUSES}))


@bp.get("/models/<int:model_id>/sites/import/<int:import_id>/errors.xlsx")
def import_errors(model_id: int, import_id: int):
    """The uploaded file back as XLSX, each bad row's problems in a first column. 404 once done."""
    model = get_owned_or_404(MovementModel, model_id)
    pending = _import_of(model, import_id)
    require_editor()
    return error_report_response(pending, importing.describe)


@bp.post("/models/<int:model_id>/sites/import/<int:import_id>/confirm")
def confirm_import(model_id: int, import_id: int):
    """Write the new and changed rows in one transaction. 409 unless the preview is ready."""
    model = get_owned_or_404(MovementModel, model_id)
    pending = _import_of(model, import_id)
    require_editor()
    if pending.status != imports.READY:
        abort(409)
    try:
        created, updated = importing.confirm_import(pending, model, current_user.id)
    except service.ModelEnded:
        abort(409)
    except imports.ImportStale:
        db.session.rollback()
        return _check_again(model, _import_of(model, import_id))
    db.session.commit()
    flash(_("%(created)s sites were added and %(updated)s changed; sites the file does not name were left as "
            "they were.", created=created, updated=updated), "success")
    return redirect_after_post(model_url(model))


def _check_again(model: MovementModel, pending: SiteImport):
    """The sites changed since the preview: check the kept file again, writing nothing."""
    imports.check_again(pending)
    db.session.commit()
    _parse_later(pending.id)
    flash(_("Sites of this model changed since the check; nothing was written. The file is being checked "
            "again: look at the new preview before you import."), "error")
    return redirect_after_post(url_for(".show_import", model_id=model.id, import_id=pending.id))


@bp.post("/models/<int:model_id>/sites/import/<int:import_id>/cancel")
def cancel_import(model_id: int, import_id: int):
    """Drop a pending import; nothing is written."""
    model = get_owned_or_404(MovementModel, model_id)
    pending = _import_of(model, import_id)
    require_editor()
    if pending.status == imports.READY:
        importing.cancel_import(pending)
        db.session.commit()
    flash(_("The import was cancelled; no site was written."), "info")
    return redirect_after_post(url_for(".model_sites", model_id=model.id))
