"""Read the spreadsheets officers keep: XLSX, or CSV in UTF-8 (with or without BOM) or UTF-16
(Excel's "Unicode text"), separated by ``,``, ``;`` or tabs.

Only reading here — which row holds the column names, which column is which, and the cells
of each row as typed, cleaned of control characters. Checking values is the importing area's.

- The row of column names is looked for in the first ``HEADER_SEARCH`` rows, below any title
  rows ("CÔNG AN TỈNH …", "DANH SÁCH …", merged or not), and in every sheet of a workbook
  (the active one first).
- A workbook passes ``registry.uploads.check_archive`` before openpyxl opens it, and is read in
  read-only mode: rows stream one by one, so memory stays flat whatever the number of rows.
- Line numbers are the sheet's own row numbers, the ones Excel shows.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from registry import uploads
from registry.sheets.cells import clean
from registry.sheets.columns import Column, header_key, header_keys

MAX_ROWS = 100_000
HEADER_SEARCH = 30
XLSX, CSV = "xlsx", "csv"

FILE_ERRORS = {
    "empty": _l("The file is empty."),
    "no_rows": _l("The file has a row of column names but no rows under it."),
    "too_many_rows": _l("The file has more than %(max)s rows; split it into several files."),
    "old_excel": _l("This is an old Excel file (.xls). Open it in Excel and save it as .xlsx or CSV UTF-8."),
    "not_text": _l("This file is neither an Excel workbook (.xlsx) nor a CSV text file."),
    "web_page": _l("This file is a web page (HTML or XML) that other software saved under a spreadsheet's name. "
                   "Open it in Excel and save it as .xlsx."),
    "other_document": _l("This is not an Excel workbook but another kind of document (for example LibreOffice "
                         ".ods or Word). Save it as .xlsx or CSV UTF-8."),
    "encoding": _l("The CSV file is not in UTF-8. In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”."),
    "bad_xlsx": _l("The Excel file is damaged or not a real .xlsx workbook."),
    "no_header": _l("No column “%(column)s” was found in the first %(rows)s rows. One row must hold the column "
                    "names of the template (e.g. “%(column)s”)."),
    "too_large": _l("The file is larger than %(max)s MB."),
    "refused": "%(reason)s",
}


class SpreadsheetError(ValueError):
    """The file cannot be read at all; ``code`` names a FILE_ERRORS message."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    @property
    def message(self) -> str:
        return describe_file_error(self.code, self.params)


def describe_file_error(code: str, params: dict) -> str:
    return str(FILE_ERRORS[code]) % params if params else str(FILE_ERRORS[code])


# -- Which kind of file ----------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0"
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 13}


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec of text without a BOM, told by the zero bytes of its ASCII characters."""
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def detect_format(data: bytes) -> str:
    """XLSX or CSV by content, never by the file name. Raises SpreadsheetError.

    A NUL or two (copied from another program) do not make a text file binary: only a file
    whose start is mostly control bytes is refused as neither.
    """
    if not data.strip():
        raise SpreadsheetError("empty")
    if uploads.is_zip(data):
        return XLSX
    if data.startswith(_OLE):
        raise SpreadsheetError("old_excel")
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16(head):
        return CSV
    if sum(byte in _CONTROL_BYTES for byte in head) > len(head) * 0.1:
        raise SpreadsheetError("not_text")
    return CSV


def decode_text(data: bytes) -> str:
    """The text of a CSV file: UTF-16 with a BOM or told by its zero bytes, otherwise UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif codec := _utf16(data[:4096]):
        text = data.decode(codec, errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SpreadsheetError("encoding") from error
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if start.startswith(("<!doctype", "<html", "<table", "<?xml", "<meta")):
        raise SpreadsheetError("web_page")
    return text.replace("\x00", "")


def _delimiter(text: str) -> str:
    """The separator used most in the first lines, quoted text aside (csv.Sniffer is fooled by the
    commas of headers such as "Đơn vị cơ sở (thôn, tổ dân phố…)", and title rows have none)."""
    lines = re.sub(r'"[^"]*"', "", "\n".join(text.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]))
    return max(";,\t", key=lines.count)


def _csv_rows(data: bytes) -> Iterator[list]:
    text = decode_text(data)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))


@contextmanager
def _workbook(data: bytes, name: str):
    try:
        uploads.check_archive(data, name)
    except uploads.UploadRefused as refusal:
        raise SpreadsheetError("refused", reason=str(refusal.message)) from refusal
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise SpreadsheetError("bad_xlsx") from error
    if "xl/workbook.xml" not in names and ("mimetype" in names or "word/document.xml" in names):
        raise SpreadsheetError("other_document")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise SpreadsheetError("bad_xlsx") from error
    try:
        yield workbook
    finally:
        workbook.close()


def _sheet_rows(sheet) -> Iterator[list]:
    sheet.reset_dimensions()  # some programs declare a wrong size; read what is there
    for row in sheet.iter_rows(values_only=True):
        yield list(row)


def _sheets_in_order(workbook) -> list:
    active = workbook.active
    return [active, *(sheet for sheet in workbook.worksheets if sheet is not active)]


# -- The layout: which row and columns ------------------------------------------------------

@dataclass
class Layout:
    """How a file's columns were understood: shown on the preview."""

    header_line: int
    mapping: dict[int, str]                    # position → field
    matched: list[tuple[str, str]] = field(default_factory=list)    # (header in the file, field)
    unmatched: list[str] = field(default_factory=list)              # headers no field claims
    read_only: list[tuple[str, str]] = field(default_factory=list)  # recognised, not imported
    sheet: str | None = None

    def as_json(self) -> dict:
        return {"header_line": self.header_line, "matched": self.matched, "unmatched": self.unmatched,
                "read_only": self.read_only, "sheet": self.sheet}

    @property
    def fields(self) -> set[str]:
        return set(self.mapping.values())


def _text(cell) -> str:
    return clean(str(cell)).strip() if cell is not None else ""


def _layout(line: int, cells: list, keys: dict[str, str], columns: tuple[Column, ...]) -> Layout:
    read_only = {column.field for column in columns if column.read_only}
    layout = Layout(header_line=line, mapping={})
    for position, cell in enumerate(cells):
        header = _text(cell)
        if not header:
            continue
        field_name = keys.get(header_key(header))
        if field_name is None or field_name in layout.mapping.values() or field_name in dict(layout.read_only).values():
            layout.unmatched.append(header)
        elif field_name in read_only:
            layout.read_only.append((header, field_name))
        else:
            layout.mapping[position] = field_name
            layout.matched.append((header, field_name))
    return layout


def _blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and _text(cell) == "") for cell in cells)


def _find_header(rows: Iterator[list], keys, columns, required: tuple[str, ...]) -> tuple[Layout, Iterator] | None:
    for line, cells in enumerate(rows, start=1):
        if line > HEADER_SEARCH:
            return None
        if _blank(cells):
            continue
        found = {keys.get(header_key(_text(cell))) for cell in cells if cell is not None}
        if found & set(required):
            return _layout(line, cells, keys, columns), enumerate(rows, start=line + 1)
    return None


def _cleaned(cell):
    return clean(cell) if isinstance(cell, str) else cell


@dataclass
class Table:
    """An open file: its layout, and its rows under the header as (line, {field: cell})."""

    layout: Layout
    rows: Iterator[tuple[int, dict]]
    declared_rows: int | None = None  # the rows an XLSX sheet declares below its header (may be high)


@contextmanager
def open_table(file_format: str, data: bytes, columns: tuple[Column, ...], required: str | tuple[str, ...],
               name: str = ""):
    """The file as a ``Table`` (raises SpreadsheetError); the workbook closes when the block ends.

    The header is the first row holding the ``required`` column (or one of them, for a tuple).
    """
    keys = header_keys(columns)
    required = (required,) if isinstance(required, str) else required
    missing = SpreadsheetError("no_header", column=next(c.header for c in columns if c.field == required[0]),
                               rows=HEADER_SEARCH)
    if file_format == CSV:
        found = _find_header(_csv_rows(data), keys, columns, required)
        if found is None:
            raise missing
        yield Table(found[0], _data_rows(*found))
        return
    with _workbook(data, name) as workbook:
        for sheet in _sheets_in_order(workbook):
            found = _find_header(_sheet_rows(sheet), keys, columns, required)
            if found is not None:
                found[0].sheet = sheet.title
                declared = sheet.max_row - found[0].header_line if sheet.max_row else None
                yield Table(found[0], _data_rows(*found), declared)
                return
        raise missing


def _data_rows(layout: Layout, rows: Iterator) -> Iterator[tuple[int, dict]]:
    mapping = layout.mapping
    for line, cells in rows:
        if _blank(cells):
            continue
        yield line, {name: _cleaned(cells[position]) if position < len(cells) else None
                     for position, name in mapping.items()}


def check_upload(file_format: str, data: bytes, columns, required: str, name: str = "") -> None:
    """Cheap checks for the upload request: readable, has the required column and one row at least."""
    with open_table(file_format, data, columns, required, name) as table:
        if next(table.rows, None) is None:
            raise SpreadsheetError("no_rows")


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError("too_many_rows", max=f"{MAX_ROWS:,}".replace(",", "."))


def count_rows(file_format: str, data: bytes, columns, required: str, name: str = "") -> int:
    """How many rows the file holds, for the progress bar; raises SpreadsheetError past MAX_ROWS.

    An XLSX sheet that declares its size within the limit is taken at its word (blank rows
    included, so at most a little high) instead of being read twice.
    """
    with open_table(file_format, data, columns, required, name) as table:
        if table.declared_rows is not None and table.declared_rows <= MAX_ROWS:
            return max(table.declared_rows, 0)
        count = 0
        for count, _row in enumerate(table.rows, start=1):
            if count > MAX_ROWS:
                raise too_many_rows()
        return count


def raw_rows(file_format: str, data: bytes, sheet: str | None = None, name: str = "") -> Iterator[list]:
    """Every row of the CSV, or of the named sheet (the active one by default), as typed and
    cleaned: what an error report gives back."""
    if file_format == CSV:
        for cells in _csv_rows(data):
            yield [_cleaned(cell) for cell in cells]
        return
    with _workbook(data, name) as workbook:
        chosen = workbook[sheet] if sheet in workbook.sheetnames else workbook.active
        for cells in _sheet_rows(chosen):
            yield [_cleaned(cell) for cell in cells]
