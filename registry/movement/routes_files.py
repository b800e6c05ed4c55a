"""A model's attachments: upload (checked on content), download (only to who may see the model), remove."""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts.permissions import require_editor
from registry.extensions import db
from registry.movement import bp
from registry.movement.attachments import discard, storage_path, store_upload
from registry.uploads import UploadRefused
from registry.movement.forms import AttachmentForm
from registry.movement.history import record_for_model
from registry.movement.models import Attachment, MovementModel
from registry.movement.routes import model_page_context
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page, send_download


def _attachment_of(model: MovementModel, attachment_id: int) -> Attachment:
    """The model's attachment, through its parent; 404 otherwise."""
    attachment = db.session.scalar(
        select(Attachment).where(Attachment.model_id == model.id, Attachment.id == attachment_id))
    if attachment is None:
        abort(404)
    return attachment


@bp.post("/<int:model_id>/attachments")
def upload_attachment(model_id: int):
    """Attach a file; a refused file leaves nothing behind (404 if not ours, 403 for viewers)."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    form = AttachmentForm()
    try:
        if not form.validate_on_submit():
            raise UploadRefused(None)
        attachment = store_upload(form.file.data, model, form.kind.data, current_user.id)
    except UploadRefused as refusal:
        if refusal.message:
            form.file.errors = [*form.file.errors, refusal.message]
        context = dict(model_page_context(model), attachment_form=form)
        return render_page("movement/show.html", "attachments", **context)
    db.session.add(attachment)
    db.session.flush()
    record_for_model("attach", attachment, model.id, {"filename": [None, attachment.filename],
                                                     "kind": [None, attachment.kind]})
    db.session.commit()
    flash(_("“%(name)s” was attached.", name=attachment.filename), "success")
    return redirect_after_post(url_for(".show", model_id=model.id))


@bp.get("/<int:model_id>/attachments/<int:attachment_id>")
def download_attachment(model_id: int, attachment_id: int):
    """The file itself, as a download with its original name; 404 unless the model is ours."""
    model = get_owned_or_404(MovementModel, model_id)
    attachment = _attachment_of(model, attachment_id)
    return send_download(storage_path(attachment.storage_key), attachment.content_type, attachment.filename)


@bp.post("/<int:model_id>/attachments/<int:attachment_id>/delete")
def delete_attachment(model_id: int, attachment_id: int):
    """Remove an attachment; the file goes after the commit (404 if not ours, 403 for viewers)."""
    model = get_owned_or_404(MovementModel, model_id)
    attachment = _attachment_of(model, attachment_id)
    require_editor()
    record_for_model("detach", attachment, model.id, {"filename": [attachment.filename, None]})
    key, name = attachment.storage_key, attachment.filename
    db.session.delete(attachment)
    db.session.commit()
    discard(key)
    flash(_("“%(name)s” was removed.", name=name), "success")
    return redirect_after_post(url_for(".show", model_id=model.id))
