"""Evidence files of a review: kept under UPLOAD_FOLDER by a random key, never by the
name the user gave, and served only through the review's checked download route."""
from __future__ import annotations

import os
import secrets

from flask import current_app

from registry import uploads
from registry.extensions import db
from registry.movement.attachments import max_bytes
from registry.movement.models import Attachment
from registry.reviews.models import Review

# What the content is (read from its bytes by registry.uploads), not what its name or the browser says.
ACCEPTED_TYPES = {mime: extensions for mime, extensions in uploads.DOCUMENT_TYPES.items()
                  if mime not in (uploads.ODT, uploads.ODS)}
EVIDENCE = "evidence"


def sniff(upload) -> str:
    """The accepted content type of ``upload``; raises ``UploadRefused`` with the reason."""
    name = uploads.clean_filename(upload.filename)
    data = uploads.read_upload(upload.stream, name, max_bytes())
    upload.stream.seek(0)
    return uploads.identify(data, name, ACCEPTED_TYPES)


def file_type_error(upload) -> str | None:
    try:
        sniff(upload)
    except uploads.UploadRefused as refusal:
        upload.stream.seek(0)
        return refusal.message
    return None


def path_of(attachment: Attachment) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], attachment.storage_key)


def store(upload, review: Review, user_id: int | None) -> Attachment:
    """Write the file and add its Attachment row to the session (the caller commits)."""
    folder = current_app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    key = secrets.token_hex(20)
    content_type = sniff(upload)
    upload.save(os.path.join(folder, key))
    attachment = Attachment(
        province_id=review.province_id, model_id=review.model_id, review_id=review.id, kind=EVIDENCE,
        filename=os.path.basename(upload.filename or "evidence")[:255], content_type=content_type,
        size=os.path.getsize(os.path.join(folder, key)), storage_key=key, uploaded_by_id=user_id,
    )
    db.session.add(attachment)
    return attachment
