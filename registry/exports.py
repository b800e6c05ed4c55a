"""Spreadsheet files every export shares: CSV with a BOM and XLSX, with cells a spreadsheet cannot run.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is prefixed
with ``'`` so a spreadsheet shows it instead of evaluating it. Dates read dd/mm/yyyy: as text
in CSV, as real dates with that number format in XLSX. Rows come from an iterator and go to
the file one by one (openpyxl's write-only workbook), so memory stays flat whatever their number.

An XLSX opens as officers set up their own sheets: the header row frozen, columns wide enough
for their header, and — where a kind gives ``lists`` — a second sheet listing the values a
column takes, offered as a drop-down in that column (a suggestion: the import reads other
spellings too, so Excel does not refuse them).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import Response

from registry.web import send_download
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MIMETYPES)
DAY = "%d/%m/%Y"
XLSX_DAY = "DD/MM/YYYY"
VALIDATED_ROWS = 100_001  # the drop-downs reach as far as an import reads


@dataclass(frozen=True)
class DropDown:
    """The values column ``position`` (0-based) takes, listed under ``title`` on the lists sheet."""

    position: int
    title: str
    values: Sequence[str]


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


def xlsx_cell(sheet, value):
    """A value as an XLSX cell: dates dd/mm/yyyy, text neutralised and without control characters."""
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DAY
        return cell
    if value is None or isinstance(value, (int, float)):
        return value
    # Control characters (a pasted form feed) would make openpyxl refuse the whole file.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _width(header: str) -> int:
    return max(10, min(40, len(header) + 2))


def write_xlsx(handle, header: Iterable, rows: Iterable[Iterable], title: str, widths: Sequence[int] | None = None,
               lists: Sequence[DropDown] = (), lists_title: str = "") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    names = [str(name) for name in header]
    sheet.freeze_panes = "A2"
    for position, name in enumerate(names):
        width = widths[position] if widths and position < len(widths) else _width(name)
        sheet.column_dimensions[get_column_letter(position + 1)].width = width
    if lists:
        _add_drop_downs(workbook, sheet, lists, lists_title or "Lists")
    try:
        sheet.append([xlsx_cell(sheet, name) for name in names])
        for row in rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(handle)


def _add_drop_downs(workbook, sheet, lists: Sequence[DropDown], lists_title: str) -> None:
    """A second sheet with one list per column, and a drop-down on each such column of ``sheet``."""
    lists_sheet = workbook.create_sheet(title=lists_title[:31])
    columns = [[drop.title, *drop.values] for drop in lists]
    for row in range(max(len(column) for column in columns)):
        lists_sheet.append([xlsx_cell(lists_sheet, column[row]) if row < len(column) else None for column in columns])
    for number, drop in enumerate(lists, start=1):
        letter, target = get_column_letter(number), get_column_letter(drop.position + 1)
        source = f"{quote_sheetname(lists_sheet.title)}!${letter}$2:${letter}${len(drop.values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        validation.add(f"{target}2:{target}{VALIDATED_ROWS}")
        sheet.data_validations.append(validation)


def _discard(sheet) -> None:
    """Drop the temporary file openpyxl keeps a write-only sheet in until the workbook is saved.

    openpyxl deletes it only at exit, which an RQ job (a fork ended with ``os._exit``) never reaches.
    """
    with suppress(Exception):
        sheet.close()
        sheet._writer.cleanup()


def write_spreadsheet(handle, file_format: str, header: Iterable, rows: Iterable[Iterable], title: str,
                      **xlsx_options) -> None:
    """Write ``rows`` under ``header`` as ``csv`` or ``xlsx`` (sheet named ``title``; ``widths``
    and ``lists`` as ``write_xlsx`` takes them)."""
    if file_format == "csv":
        write_csv(handle, header, rows)
    else:
        write_xlsx(handle, header, rows, title, **xlsx_options)


def send_spreadsheet(source: Path | io.BytesIO, file_format: str, filename: str) -> Response:
    """A file or an in-memory sheet as a download named ``filename`` (non-ASCII kept as filename*)."""
    return send_download(source, MIMETYPES[file_format], filename)


def small_spreadsheet(file_format: str, filename: str, header: Iterable, rows: Iterable[Iterable], title: str,
                      **xlsx_options):
    """A sheet small enough to build in memory (an import template, an error report) as a download."""
    buffer = io.BytesIO()
    write_spreadsheet(buffer, file_format, header, rows, title, **xlsx_options)
    buffer.seek(0)
    return send_spreadsheet(buffer, file_format, filename)
