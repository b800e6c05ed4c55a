"""Evidence files of a review: kept under UPLOAD_FOLDER by a random key, never by the
name the user gave, and served only through the review's checked download route."""
from __future__ import annotations

import os
import secrets

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from registry.extensions import db
from registry.movement.models import Attachment
from registry.reviews.models import Review

# What the content is (sniffed from its bytes), not what its name or the browser says.
ACCEPTED_TYPES = {
    "application/pdf", "image/jpeg", "image/png", "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword", "application/vnd.ms-excel", "application/x-ole-storage",
}
EVIDENCE = "evidence"


def sniff(upload) -> str | None:
    head = upload.stream.read(8192)
    upload.stream.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def file_type_error(upload) -> str | None:
    if sniff(upload) not in ACCEPTED_TYPES:
        return _l("%(name)s is not a PDF, image, Word or Excel file.", name=upload.filename)
    return None


def path_of(attachment: Attachment) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], attachment.storage_key)


def store(upload, review: Review, user_id: int | None) -> Attachment:
    """Write the file and add its Attachment row to the session (the caller commits)."""
    folder = current_app.config["UPLOAD_FOLDER"]
    os.makedirs(folder, exist_ok=True)
    key = secrets.token_hex(20)
    content_type = sniff(upload) or "application/octet-stream"
    upload.save(os.path.join(folder, key))
    attachment = Attachment(
        province_id=review.province_id, model_id=review.model_id, review_id=review.id, kind=EVIDENCE,
        filename=os.path.basename(upload.filename or "evidence")[:255], content_type=content_type,
        size=os.path.getsize(os.path.join(folder, key)), storage_key=key, uploaded_by_id=user_id,
    )
    db.session.add(attachment)
    return attachment
