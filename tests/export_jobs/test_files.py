"""The spreadsheet writer every export shares: BOM, dd/mm/yyyy, cells a spreadsheet cannot run."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from registry.exports import neutralise, write_csv, write_xlsx


def test_neutralise_prefixes_formula_starts_only():
    assert [neutralise(v) for v in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "Thôn 1", 5, -3, None)] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "Thôn 1", 5, -3, None]


def test_csv_has_a_bom_neutralised_cells_and_vietnamese_dates():
    buffer = io.BytesIO()
    write_csv(buffer, ["=h", "Ngày bắt đầu"], [["=x", -1, date(2024, 3, 5), None, "Thôn Đông"]])
    assert buffer.getvalue().decode("utf-8") == "\ufeff'=h,Ngày bắt đầu\r\n'=x,-1,05/03/2024,,Thôn Đông\r\n"


def test_xlsx_keeps_real_dates_shown_dd_mm_yyyy_and_never_a_formula():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["Mô hình", "Ngày"], [["=HYPERLINK(\"http://x\")", date(2024, 3, 5)],
                                             ["Tổ 3\x0c", 14]], title="Điểm nhân rộng")
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet.title == "Điểm nhân rộng"
    assert [cell.value for cell in sheet[2]] == ["'=HYPERLINK(\"http://x\")", sheet["B2"].value]
    assert sheet["B2"].value.date() == date(2024, 3, 5) and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["A3"].value == "Tổ 3" and sheet["B3"].value == 14  # a pasted control character dropped
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
