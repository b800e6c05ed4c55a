"""Files written back to officers from an import: the error report.

The report is the uploaded file itself (the sheet that was read, title rows included), as
XLSX whatever it came as, with a first column saying what is wrong with each row, so an
officer fixes the rows in Excel and uploads the same file again. Rows without errors stay in
it: imported again, they match what they wrote and change nothing.
"""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.cell import WriteOnlyCell

from registry.exports import xlsx_cell
from registry.sheets import reading

_ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def _error_cell(sheet, text: str):
    cell = WriteOnlyCell(sheet, value=xlsx_cell(sheet, text))
    cell.fill = _ERROR_FILL
    cell.font = Font(color="9B1C1C")
    return cell


def error_report(file_format: str, data: bytes, layout: dict, errors: dict[int, list[str]], name: str) -> io.BytesIO:
    """The file back as XLSX, with the messages of ``errors`` ({line: [message]}) in a first column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(layout.get("sheet") or _("Rows"))[:31])
    header_line = layout.get("header_line") or 1
    sheet.freeze_panes = f"B{header_line + 1}"
    sheet.column_dimensions["A"].width = 60
    for line, cells in enumerate(reading.raw_rows(file_format, data, layout.get("sheet"), name), start=1):
        if line == header_line:
            first = _error_cell(sheet, _("Errors to fix"))
        elif line in errors:
            first = _error_cell(sheet, "\n".join(errors[line]))
        else:
            first = None
        sheet.append([first, *(xlsx_cell(sheet, cell) for cell in cells)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
