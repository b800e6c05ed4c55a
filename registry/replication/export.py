"""Streamed CSV and XLSX downloads whose cells a spreadsheet cannot run.

Interface (to merge with ``registry/exports.py`` of the models area at merge time):

- ``neutralise(value)``: a text starting with = + - @ (or tab / carriage return) gets a
  leading apostrophe, so Excel or LibreOffice shows it instead of evaluating it.
- ``stream_csv(header, rows)``: an iterator of UTF-8 chunks (BOM first, for Excel).
- ``stream_xlsx(header, rows, sheet)``: an iterator of bytes of a workbook written in
  openpyxl's write-only mode to a temporary file, so memory stays flat.
- ``download(chunks, filename, file_format)``: the streamed response with a safe name.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from flask import Response, stream_with_context
from openpyxl import Workbook

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """``value`` unchanged unless it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def stream_csv(header: list, rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def drain() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([neutralise(str(cell)) for cell in header])
    yield "\ufeff" + drain()
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise("" if cell is None else cell) for cell in row])
        if count % 500 == 0:
            yield drain()
    yield drain()


def stream_xlsx(header: list, rows: Iterable[list], sheet: str = "Sheet1") -> Iterator[bytes]:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([neutralise(str(cell)) for cell in header])
    for row in rows:
        worksheet.append([neutralise(cell) for cell in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            yield chunk


def download(chunks: Iterator, filename: str, file_format: str) -> Response:
    """Stream ``chunks`` as an attachment; the name is ASCII-safe with a UTF-8 variant."""
    ascii_name = filename.encode("ascii", "ignore").decode().replace("\"", "") or f"export.{file_format}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        stream_with_context(chunks), mimetype=MIMETYPES[file_format],
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
