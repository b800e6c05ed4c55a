"""Bulk import of the province's models from a spreadsheet: template, upload, progress, preview,
error report, confirm or cancel.

Changing routes need an editing role (403 for viewers); an import of another province is 404.
"""
from __future__ import annotations

from flask import abort, current_app, flash, g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.accounts.permissions import editor_required, require_editor
from registry.exports import FORMATS, small_spreadsheet
from registry.extensions import db
from registry.movement import bp, importing, spreadsheet
from registry.movement.models import CATEGORIES, END_REASONS, SETTINGS, STATUSES, ModelImport
from registry.movement.tasks import parse_model_import
from registry.queue import QueueUnavailable, enqueue
from registry.replication.forms import ImportForm
from registry.sheets import imports
from registry.sheets.columns import headers
from registry.sheets.preview import error_report_response, read_upload, status_context
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page

TEMPLATE = "movement/import.html"
VALUE_LABELS = {"category": CATEGORIES, "target_setting": SETTINGS, "status": STATUSES, "end_reason": END_REASONS}


def _upload_page(form: ImportForm):
    return render_page(TEMPLATE, "upload", form=form, pending=None, max_mb=current_app.config["SITE_IMPORT_MAX_MB"],
                       columns=[c for c in spreadsheet.MODEL_COLUMNS if not c.read_only])


@bp.get("/import-template")
def import_template():
    """The models sheet without rows (the export's columns), with the lists sheet and drop-downs."""
    file_format = request.args.get("format", "xlsx")
    if file_format not in FORMATS:
        abort(404)
    lists_title, drops = spreadsheet.drop_downs(g.province)
    return small_spreadsheet(file_format, f"mau-nhap-mo-hinh-{g.province.slug}.{file_format}",
                             headers(spreadsheet.MODEL_COLUMNS), [], _("Models"), widths=spreadsheet.widths(),
                             lists=drops, lists_title=lists_title)


@bp.get("/import")
@editor_required
def new_import():
    """The upload form, with the template to download."""
    return _upload_page(ImportForm())


@bp.post("/import")
@editor_required
def upload_import():
    """Keep the file as a pending import and start checking it; unreadable files change nothing."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    try:
        filename, data = read_upload(form.file.data, current_app.config["SITE_IMPORT_MAX_MB"])
        pending = importing.start_import(g.province.id, filename, data, current_user.id)
    except importing.SpreadsheetError as error:
        form.file.errors.append(error.message)
        return _upload_page(form)
    db.session.commit()
    _parse_later(pending.id)
    return redirect_after_post(url_for(".show_import", model_import_id=pending.id))


def _parse_later(import_id: int) -> None:
    try:
        enqueue(parse_model_import, import_id)
    except QueueUnavailable:
        parse_model_import(import_id)


@bp.get("/import/<int:model_import_id>")
def show_import(model_import_id: int):
    """Progress while the job runs (the block polls itself), then the preview of every row."""
    pending = get_owned_or_404(ModelImport, model_import_id)
    require_editor()
    result = imports.summary(pending.rows) if pending.status == imports.READY else None
    return render_page(TEMPLATE, "status", pending=pending, result=result,
                       **status_context(pending, spreadsheet.MODEL_COLUMNS, importing.describe,
                                        importing.COLUMN_LABELS, VALUE_LABELS))


@bp.get("/import/<int:model_import_id>/errors.xlsx")
def import_errors(model_import_id: int):
    """The uploaded file back as XLSX, each bad row's problems in a first column."""
    pending = get_owned_or_404(ModelImport, model_import_id)
    require_editor()
    return error_report_response(pending, importing.describe)


@bp.post("/import/<int:model_import_id>/confirm")
def confirm_import(model_import_id: int):
    """Create and change the models in one transaction. 409 unless the preview is ready."""
    pending = get_owned_or_404(ModelImport, model_import_id)
    require_editor()
    if pending.status != imports.READY:
        abort(409)
    try:
        created, updated = importing.confirm_import(pending, current_user.id)
    except imports.ImportStale:
        db.session.rollback()
        pending = get_owned_or_404(ModelImport, model_import_id)
        imports.check_again(pending)
        db.session.commit()
        _parse_later(pending.id)
        flash(_("Models of the province changed since the check; nothing was written. The file is being checked "
                "again: look at the new preview before you import."), "error")
        return redirect_after_post(url_for(".show_import", model_import_id=pending.id))
    db.session.commit()
    flash(_("%(created)s models were added and %(updated)s changed; models the file does not name were left as "
            "they were.", created=created, updated=updated), "success")
    return redirect_after_post(url_for(".index"))


@bp.post("/import/<int:model_import_id>/cancel")
def cancel_import(model_import_id: int):
    """Drop a pending import; nothing is written."""
    pending = get_owned_or_404(ModelImport, model_import_id)
    require_editor()
    if pending.status == imports.READY:
        imports.cancel(pending)
        db.session.commit()
    flash(_("The import was cancelled; nothing was written."), "info")
    return redirect_after_post(url_for(".index"))
