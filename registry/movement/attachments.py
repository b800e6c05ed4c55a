"""Attachment files: checked on their content, kept outside the web root under a random key.

``store_upload`` refuses an empty, oversized or disallowed file before anything is written
(``registry.uploads``: content checked, archives bounded, legacy .doc and .xls accepted);
the file lands on disk first and the caller commits the row, so a failed commit leaves at
most an orphan file, never a row without its file. Other areas (reviews, nominations) may
reuse it with their own ``review_id`` / ``nomination_id``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from registry import uploads
from registry.movement.models import Attachment, MovementModel
from registry.uploads import clean_filename

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def storage_path(storage_key: str) -> Path:
    """Where a stored file lives: ``UPLOAD_FOLDER/<2 chars>/<key>``, never under ``static``."""
    if not storage_key.isalnum():
        raise ValueError("bad storage key")
    return Path(current_app.config["UPLOAD_FOLDER"]) / storage_key[:2] / storage_key


def store_upload(upload: FileStorage, model: MovementModel, kind: str, user_id: int | None, **links) -> Attachment:
    """Check and write the file; return the (unsaved) Attachment row. Raises ``UploadRefused``."""
    filename = clean_filename(upload.filename)
    data = uploads.read_upload(upload.stream, filename, max_bytes())
    content_type = uploads.identify(data, filename)
    key = secrets.token_hex(20)
    path = storage_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
    return Attachment(province_id=model.province_id, model_id=model.id, kind=kind, filename=filename,
                      content_type=content_type, size=len(data), storage_key=key, uploaded_by_id=user_id, **links)


def discard(storage_key: str) -> None:
    """Remove a stored file (after the commit that removed its row)."""
    try:
        os.remove(storage_path(storage_key))
    except FileNotFoundError:
        pass
