"""Every uploaded file passes here before anything else reads it: size, archive bounds, content type.

One module for every upload route (sites and models imports, model attachments, review
evidence, nomination files):

- ``read_upload`` reads at most the limit (plus one byte) and refuses what is larger,
  naming the limit;
- ``check_archive`` looks at a ZIP-based file (XLSX, DOCX, ODT, ODS…) member by member —
  how many members, how much they unpack to, in total and each, and how much each is
  compressed — *before* openpyxl or any other parser opens it. It reads only the ZIP's
  directory, never a member's content, so a bomb costs microseconds and no memory. The
  sizes the directory declares are an upper bound on what Python's ``zipfile`` (and so
  openpyxl) will ever unpack: it stops at the declared size and fails the CRC check
  instead of going on;
- ``identify`` says what a document is from its bytes (never from its name or what the
  browser claims), legacy Office files (.doc, .xls) included, checked as OLE2 containers
  holding the stream such a file must hold, and gives a reason that fits for what is
  refused (a text file in UTF-16, a web page, an executable…).

Refusals are ``UploadRefused`` with a message for the user that names the file.
"""
from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
import olefile
from flask_babel import lazy_gettext as _l

MB = 1024 * 1024


class UploadRefused(Exception):
    """The file cannot be taken; ``message`` says why, for the user, naming the file."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ArchiveLimits:
    members: int = 2_000
    unpacked: int = 256 * MB          # all members together
    member: int = 128 * MB            # any one member
    ratio: int = 100                  # unpacked / compressed, for members past ``ratio_from`` bytes
    ratio_from: int = 1 * MB
    # Members a parser loads whole into memory (openpyxl keeps every shared string, even read-only).
    loaded_whole: tuple[str, ...] = ("xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml")
    loaded_whole_max: int = 32 * MB


LIMITS = ArchiveLimits()


def human_size(size: int) -> str:
    """1536 → "1.5 KB"; 10485760 → "10 MB"."""
    for unit, scale in (("MB", MB), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} B"


def clean_filename(name: str | None) -> str:
    """The user's file name without any path, control characters or surrounding dots."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".").strip()
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: 190] + dot + extension[:9]) if dot else base[:200]
    return base or "file"


def too_large_message(name: str, limit: int):
    return _l("“%(name)s” is larger than the limit of %(size)s.", name=name, size=human_size(limit))


def read_upload(stream, name: str, limit: int) -> bytes:
    """The upload's bytes, reading at most ``limit`` + 1 of them; refuses an empty or larger file."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(too_large_message(name, limit))
    if not data:
        raise UploadRefused(_l("“%(name)s” is empty.", name=name))
    return data


# -- ZIP archives ---------------------------------------------------------------------------

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_END = b"PK\x06\x06"


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _declared_members(data: bytes) -> int | None:
    """How many members the end of the ZIP's directory announces, read before ``zipfile`` builds
    an object for each of them (a 20 MB directory could announce 400,000)."""
    position = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if position < 0 or position + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, position + 10)[0]
    if count == 0xFFFF:
        zip64 = data.rfind(_ZIP64_END, 0, position)
        if zip64 >= 0 and zip64 + 40 <= len(data):
            count = struct.unpack_from("<Q", data, zip64 + 32)[0]
    return count


def check_archive(data: bytes, name: str, limits: ArchiveLimits = LIMITS) -> None:
    """Refuse a ZIP-based file that would unpack to too much (``UploadRefused``, naming ``name``).

    A file that is not a readable ZIP is left to its parser, which says it is damaged.
    """
    declared = _declared_members(data)
    if declared is not None and declared > limits.members:
        raise UploadRefused(_l("“%(name)s” holds %(count)s parts, more than the %(max)s a document may have; "
                               "it was refused to protect the server.", name=name, count=declared, max=limits.members))
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(members) > limits.members:
        raise UploadRefused(_l("“%(name)s” holds %(count)s parts, more than the %(max)s a document may have; "
                               "it was refused to protect the server.", name=name, count=len(members),
                               max=limits.members))
    total = 0
    for member in members:
        total += member.file_size
        whole = member.filename in limits.loaded_whole
        if member.file_size > (limits.loaded_whole_max if whole else limits.member) or total > limits.unpacked:
            raise UploadRefused(_l(
                "“%(name)s” unpacks to more than %(size)s (its part %(part)s): it was refused to protect the "
                "server. Remove what is not needed, or split it into several files.",
                name=name, size=human_size(limits.loaded_whole_max if whole else min(limits.member, limits.unpacked)),
                part=member.filename[:80]))
        if member.file_size > limits.ratio_from and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise UploadRefused(_l(
                "“%(name)s” is compressed %(ratio)s times (its part %(part)s), far more than a real document: "
                "it was refused to protect the server.",
                name=name, ratio=member.file_size // max(member.compress_size, 1), part=member.filename[:80]))


# -- What a document is ---------------------------------------------------------------------

PDF, DOC, XLS = "application/pdf", "application/msword", "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT, ODS = "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"
JPEG, PNG, WEBP, HEIC = "image/jpeg", "image/png", "image/webp", "image/heic"
# Detected content type → the extensions a file of that type may carry.
DOCUMENT_TYPES = {
    PDF: {"pdf"}, DOC: {"doc"}, XLS: {"xls"}, DOCX: {"docx"}, XLSX: {"xlsx"}, ODT: {"odt"}, ODS: {"ods"},
    JPEG: {"jpg", "jpeg"}, PNG: {"png"}, WEBP: {"webp"},
}
ZIP_BASED = {DOCX, XLSX, ODT, ODS}
# The stream a legacy Office file must hold (BIFF5 workbooks call theirs "Book").
OLE_STREAMS = {DOC: ("WordDocument",), XLS: ("Workbook", "Book")}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _extension(filename: str) -> str:
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def _ole_type(data: bytes, name: str) -> str:
    """DOC or XLS from the streams inside an OLE2 container; refuses other containers."""
    try:
        container = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError):
        raise UploadRefused(_l("“%(name)s” is a damaged Office file.", name=name)) from None
    try:
        if container.exists("EncryptedPackage"):
            raise UploadRefused(_l("“%(name)s” is protected by a password: remove the password and upload it again.",
                                   name=name))
        for mime, streams in OLE_STREAMS.items():
            if any(container.exists(stream) for stream in streams):
                return mime
    finally:
        container.close()
    raise UploadRefused(_l("“%(name)s” is an Office file of a kind that is not accepted (only Word and Excel).",
                           name=name))


def _text_reason(data: bytes, name: str):
    """Why a file that no signature recognises is refused: a web page, a UTF-16 text, other text."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 16 and head[1::2].count(0) > len(head) // 4):
        return _l("“%(name)s” is a text file in UTF-16, not a document. Save it as PDF or Word and upload that.",
                  name=name)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in start[:1024]:
        return _l("“%(name)s” is a web page (HTML), not a document. Open it and save it as PDF, Word or Excel.",
                  name=name)
    return None


def identify(data: bytes, filename: str, allowed: dict[str, set[str]] = DOCUMENT_TYPES) -> str:
    """The content type of an accepted document, from its bytes; raises ``UploadRefused``.

    ZIP-based documents are checked with ``check_archive``; OLE2 containers must hold a Word
    or Excel stream; the name's extension must fit the content.
    """
    if data.startswith(_OLE_SIGNATURE):
        mime = _ole_type(data, filename)
    else:
        kind = filetype.guess(data[:8192]) or filetype.guess(data)
        mime = kind.mime if kind else None
    if mime not in allowed:
        reason = _text_reason(data, filename) if mime is None else None
        accepted = ", ".join(sorted({ext.upper() for exts in allowed.values() for ext in exts if ext != "jpeg"}))
        raise UploadRefused(reason or _l("“%(name)s” is not a kind of file that is accepted. Accepted: %(types)s.",
                                         name=filename, types=accepted))
    if mime in ZIP_BASED:
        check_archive(data, filename)
    if _extension(filename) not in allowed[mime]:
        raise UploadRefused(_l("The name of “%(name)s” does not match its content (%(ext)s expected).",
                               name=filename, ext=", ".join(sorted(allowed[mime]))))
    return mime
