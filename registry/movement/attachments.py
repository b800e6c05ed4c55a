"""Attachment files: checked on their content, kept outside the web root under a random key.

``store_upload`` refuses an empty, oversized or disallowed file before anything is written;
the file lands on disk first and the caller commits the row, so a failed commit leaves at
most an orphan file, never a row without its file. Other areas (reviews, nominations) may
reuse it with their own ``review_id`` / ``nomination_id``.
"""
from __future__ import annotations

import os
import secrets
import unicodedata
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from registry.movement.models import Attachment, MovementModel

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Detected content type → the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
    "image/webp": {"webp"},
}
ALLOWED_EXTENSIONS_TEXT = "PDF, DOCX, XLSX, ODT, ODS, JPG, PNG, WEBP"


class UploadRejected(Exception):
    """The upload cannot be kept; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_filename(name: str | None) -> str:
    """The user's file name without any path, control characters or surrounding dots."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".").strip()
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: 190] + dot + extension[:9]) if dot else base[:200]
    return base or "file"


def human_size(size: int) -> str:
    """1536 → "1.5 KB"; 10485760 → "10 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} B"


def _read_limited(upload: FileStorage) -> bytes:
    limit = max_bytes()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(_l("The file is larger than the limit of %(size)s.", size=human_size(limit)))
    if not data:
        raise UploadRejected(_l("The file is empty."))
    return data


def _content_type(data: bytes, filename: str) -> str:
    kind = filetype.guess(data[:8192]) or filetype.guess(data)
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRejected(_l("This kind of file is not accepted. Accepted: %(types)s.", types=ALLOWED_EXTENSIONS_TEXT))
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise UploadRejected(_l("The file's name does not match its content (%(ext)s expected).",
                                ext=", ".join(sorted(ALLOWED_TYPES[kind.mime]))))
    return kind.mime


def storage_path(storage_key: str) -> Path:
    """Where a stored file lives: ``UPLOAD_FOLDER/<2 chars>/<key>``, never under ``static``."""
    if not storage_key.isalnum():
        raise ValueError("bad storage key")
    return Path(current_app.config["UPLOAD_FOLDER"]) / storage_key[:2] / storage_key


def store_upload(upload: FileStorage, model: MovementModel, kind: str, user_id: int | None, **links) -> Attachment:
    """Check and write the file; return the (unsaved) Attachment row. Raises ``UploadRejected``."""
    filename = clean_filename(upload.filename)
    data = _read_limited(upload)
    content_type = _content_type(data, filename)
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
