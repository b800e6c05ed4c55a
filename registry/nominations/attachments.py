"""Supporting files of a nomination: checked by content, kept outside the web root."""
from __future__ import annotations

import uuid
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from registry import uploads
from registry.audit.service import record
from registry.extensions import db
from registry.movement.attachments import max_bytes
from registry.movement.models import Attachment
from registry.web import send_download
from registry.nominations.service import EDITABLE, NominationError

KIND = "nomination"
# What the content (not the name) must be: documents, spreadsheets, scans and photos (registry.uploads).
ALLOWED = {**uploads.DOCUMENT_TYPES, uploads.HEIC: {"heic"}}


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clean_name(filename: str | None) -> str:
    """The file's own name (Vietnamese kept), without any path or control characters."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:200]


def store(nomination, upload: FileStorage, actor_id: int) -> Attachment:
    """Keep ``upload`` for ``nomination``; refused unless its content is an allowed type."""
    if nomination.status not in EDITABLE:
        raise NominationError(_("Files can be attached only in a draft or after a return."))
    try:
        data = uploads.read_upload(upload.stream, uploads.clean_filename(upload.filename), max_bytes())
        content_type = uploads.identify(data, uploads.clean_filename(upload.filename), ALLOWED)
    except uploads.UploadRefused as refusal:
        raise NominationError(str(refusal.message)) from None
    upload.stream.seek(0)
    key = uuid.uuid4().hex
    path = _folder() / key
    upload.save(path)
    name = _clean_name(upload.filename) or "file"
    attachment = Attachment(
        province_id=nomination.province_id, model_id=nomination.model_id, nomination_id=nomination.id,
        kind=KIND, filename=name, content_type=content_type, size=path.stat().st_size, storage_key=key,
        uploaded_by_id=actor_id,
    )
    db.session.add(attachment)
    db.session.flush()
    record("attachment.added", attachment, {"filename": [None, name]}, actor_id=actor_id)
    return attachment


def send(attachment: Attachment):
    """The stored file as a download under its original name."""
    return send_download(_folder() / attachment.storage_key, attachment.content_type, attachment.filename)
