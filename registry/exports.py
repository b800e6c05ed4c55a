"""Spreadsheet exports every area shares: neutralised cells, streamed CSV and XLSX.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is prefixed
with ``'`` so a spreadsheet shows it as text instead of running it. Rows come from an
iterator, so memory stays flat: CSV is written row by row to the response; XLSX goes row
by row through openpyxl's write-only workbook into a temporary file that is then streamed
back in chunks and deleted.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from flask import Response, stream_with_context
from openpyxl import Workbook

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024


def neutralise(value):
    """A cell value that cannot be run as a formula; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_chunks(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """UTF-8 CSV with a BOM (so Excel reads Vietnamese), one chunk per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_text(neutralise(value)) for value in values])
        return buffer.getvalue()

    yield "\ufeff" + line(header)
    for row in rows:
        yield line(row)


def _attachment_headers(filename: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store"}


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    """Stream ``rows`` as a CSV download named ``filename`` (ASCII)."""
    return Response(stream_with_context(csv_chunks(header, rows)), mimetype=CSV_MIME,
                    headers=_attachment_headers(filename))


def _xlsx_cell(value):
    value = neutralise(value)
    return value if isinstance(value, (int, float, date, datetime)) or value is None else str(value)


def write_xlsx(handle, header: list[str], rows: Iterable[Iterable], title: str = "Export") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(str(name)) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    workbook.save(handle)


def _file_chunks(path: str) -> Iterator[bytes]:
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    finally:
        os.remove(path)


def xlsx_response(filename: str, header: list[str], rows: Iterable[Iterable], title: str = "Export") -> Response:
    """Write ``rows`` to a temporary XLSX file (write-only workbook) and stream it back."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    try:
        with handle:
            write_xlsx(handle, header, rows, title)
    except BaseException:
        os.remove(handle.name)
        raise
    response = Response(_file_chunks(handle.name), mimetype=XLSX_MIME, headers=_attachment_headers(filename))
    response.headers["Content-Length"] = str(os.path.getsize(handle.name))
    return response
