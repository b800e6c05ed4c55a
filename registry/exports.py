"""Spreadsheet files every export shares: CSV with a BOM and XLSX, with cells a spreadsheet cannot run.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is prefixed
with ``'`` so a spreadsheet shows it instead of evaluating it. Dates read dd/mm/yyyy: as text
in CSV, as real dates with that number format in XLSX. Rows come from an iterator and go to
the file one by one (openpyxl's write-only workbook), so memory stays flat whatever their number.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from flask import Response

from registry.web import send_download
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MIMETYPES)
DAY = "%d/%m/%Y"
XLSX_DAY = "DD/MM/YYYY"


def neutralise(value):
    """``value`` unchanged unless it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.strftime(DAY)
    return str(neutralise(value))


def write_csv(handle, header: Iterable, rows: Iterable[Iterable]) -> None:
    """UTF-8 text with a BOM (so Excel reads Vietnamese) to the binary ``handle``."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([_csv_cell(str(name)) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    text.flush()
    text.detach()


def _xlsx_cell(sheet, value):
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DAY
        return cell
    if value is None or isinstance(value, (int, float)):
        return value
    # Control characters (a pasted form feed) would make openpyxl refuse the whole file.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def write_xlsx(handle, header: Iterable, rows: Iterable[Iterable], title: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    try:
        sheet.append([_xlsx_cell(sheet, str(name)) for name in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(handle)


def _discard(sheet) -> None:
    """Drop the temporary file openpyxl keeps a write-only sheet in until the workbook is saved.

    openpyxl deletes it only at exit, which an RQ job (a fork ended with ``os._exit``) never reaches.
    """
    with suppress(Exception):
        sheet.close()
        sheet._writer.cleanup()


def write_spreadsheet(handle, file_format: str, header: Iterable, rows: Iterable[Iterable], title: str) -> None:
    """Write ``rows`` under ``header`` as ``csv`` or ``xlsx`` (sheet named ``title``)."""
    if file_format == "csv":
        write_csv(handle, header, rows)
    else:
        write_xlsx(handle, header, rows, title)


def send_spreadsheet(source: Path | io.BytesIO, file_format: str, filename: str) -> Response:
    """A file or an in-memory sheet as a download named ``filename`` (non-ASCII kept as filename*)."""
    return send_download(source, MIMETYPES[file_format], filename)


def small_spreadsheet(file_format: str, filename: str, header: Iterable, rows: Iterable[Iterable], title: str):
    """A sheet small enough to build in memory (an import template) as a download."""
    buffer = io.BytesIO()
    write_spreadsheet(buffer, file_format, header, rows, title)
    buffer.seek(0)
    return send_spreadsheet(buffer, file_format, filename)
