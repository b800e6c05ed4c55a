"""Read the sites spreadsheets officers keep: CSV (UTF-8, with or without BOM, ';' or ',')
or XLSX, with Vietnamese or English column headers.

Only reading here: which column is which, and the cells of each row as typed. Checking the
values against the province is ``registry.replication.importing``.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from registry.text import fold

MAX_ROWS = 100_000
XLSX, CSV = "xlsx", "csv"

# Column → header aliases (folded, punctuation removed). The first is the template's header.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ward": ("Xã/phường/đặc khu (tên hoặc mã)", "xa phuong", "xa", "phuong", "ward", "ma xa", "ten xa", "ward code",
             "don vi hanh chinh", "dia ban"),
    "sub_unit": ("Đơn vị cơ sở (thôn, tổ dân phố, cơ quan, trường)", "don vi co so", "thon to dan pho", "thon",
                 "to dan pho", "sub-unit", "sub unit", "dia diem"),
    "setting": ("Loại địa bàn", "loai hinh", "moi truong", "setting"),
    "started_on": ("Ngày bắt đầu (dd/mm/yyyy)", "ngay trien khai", "ngay thanh lap", "started on", "start date",
                   "ngay"),
    "teams": ("Số tổ/đội", "so to", "so doi", "to doi", "teams"),
    "members": ("Số thành viên", "thanh vien", "members"),
    "households": ("Số hộ gia đình", "so ho", "ho gia dinh", "households"),
    "cameras": ("Số camera", "camera", "cameras"),
    "status": ("Trạng thái", "tinh trang", "status"),
    "notes": ("Ghi chú", "notes", "note"),
    "model": ("Mô hình", "ten mo hinh", "model"),
}
TEMPLATE_COLUMNS = [field for field in COLUMNS if field != "model"]

FILE_ERRORS = {
    "empty": _l("The file is empty."),
    "no_rows": _l("The file has a header row but no sites under it."),
    "too_many_rows": _l("The file has more than %(max)s rows; split it into several files."),
    "old_excel": _l("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx or CSV UTF-8."),
    "not_text": _l("This file is neither an Excel workbook (.xlsx) nor a CSV text file."),
    "encoding": _l("The CSV file is not in UTF-8. In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”."),
    "bad_xlsx": _l("The Excel file is damaged or not a real .xlsx workbook."),
    "no_ward_column": _l("No ward column was found. The first row must hold the column names of the template "
                         "(e.g. “%(header)s”)."),
    "too_large": _l("The file is larger than %(max)s MB."),
}


class SpreadsheetError(ValueError):
    """The file cannot be read at all; ``code`` names a FILE_ERRORS message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def message(self) -> str:
        return str(FILE_ERRORS[self.code]) % self.params if self.params else str(FILE_ERRORS[self.code])


def _key(header) -> str:
    text = re.sub(r"\(.*?\)", "", str(header or ""))
    return re.sub(r"[^a-z0-9]", "", fold(text))


_ALIASES = {_key(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def map_header(cells: list) -> dict[int, str]:
    """Column position → field, for the headers we recognise. Raises if no ward column."""
    mapping = {}
    for position, header in enumerate(cells):
        field = _ALIASES.get(_key(header))
        if field and field not in mapping.values():
            mapping[position] = field
    if "ward" not in mapping.values():
        raise SpreadsheetError("no_ward_column", header=COLUMNS["ward"][0])
    return mapping


def detect_format(data: bytes) -> str:
    """XLSX or CSV by content, never by the file name. Raises SpreadsheetError."""
    if not data.strip():
        raise SpreadsheetError("empty")
    if data.startswith(b"PK\x03\x04"):
        return XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError("old_excel")
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("not_text")
    return CSV


def _csv_reader(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError("encoding") from error
    if any(ch in text[:4096] for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x7f"):
        raise SpreadsheetError("not_text")
    # The separator is the one the header row uses most, quoted text aside (csv.Sniffer is fooled
    # by the commas of headers such as "Đơn vị cơ sở (thôn, tổ dân phố…)").
    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    delimiter = max(";,\t", key=first.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterator[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError("bad_xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def raw_rows(file_format: str, data: bytes) -> Iterator[list]:
    """Every row of the first sheet (or the CSV), header included, as a list of cells."""
    return _xlsx_rows(data) if file_format == XLSX else _csv_reader(data)


def _blank(cells) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def read_sites(file_format: str, data: bytes) -> Iterator[tuple[int, dict]]:
    """(line number, {field: cell}) for every non-blank row under the header."""
    rows = iter(raw_rows(file_format, data))
    header = next((cells for cells in rows if not _blank(cells)), None)
    if header is None:
        raise SpreadsheetError("empty")
    mapping = map_header(header)
    for line, cells in enumerate(rows, start=2):
        if _blank(cells):
            continue
        yield line, {field: cells[position] if position < len(cells) else None for position, field in mapping.items()}


def check_header(file_format: str, data: bytes) -> None:
    """Cheap checks for the upload request: readable, has the ward column and one row at least."""
    if next(read_sites(file_format, data), None) is None:
        raise SpreadsheetError("no_rows")


def _declared_rows(data: bytes) -> int | None:
    """The rows an XLSX sheet declares (its dimension), header included; None if it declares none."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError("bad_xlsx") from error
    try:
        return workbook.worksheets[0].max_row
    finally:
        workbook.close()


def count_rows(file_format: str, data: bytes) -> int:
    """How many sites the file holds, for the progress bar; raises SpreadsheetError past MAX_ROWS.

    An XLSX sheet that declares its size within the limit is taken at its word (blank rows
    included, so at most a little high) instead of being read twice.
    """
    declared = _declared_rows(data) if file_format == XLSX else None
    if declared is not None and declared - 1 <= MAX_ROWS:
        return max(declared - 1, 0)
    count = 0
    for count, _row in enumerate(read_sites(file_format, data), start=1):
        if count > MAX_ROWS:
            raise SpreadsheetError("too_many_rows", max=f"{MAX_ROWS:,}".replace(",", "."))
    return count
