"""The sites spreadsheet: one set of columns for the export, the import template and the import.

The export writes these columns (a model's sites, or the province's), the template is the
same sheet without rows, and the import reads them back — by their Vietnamese or English
header, or the other headers officers use (``aliases``) — so an exported file, edited in
Excel, imports again: the site reference ("NR-000123") ties each row to its site.
Reading files in general is ``registry.sheets.reading``.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry.sheets.columns import Column
from registry.sheets.reading import (  # noqa: F401  (the sites import's names for them)
    CSV, MAX_ROWS, XLSX, SpreadsheetError, detect_format,
)
from registry.sheets import reading

SITE_COLUMNS = (
    Column("reference", _l("Site reference"), ("ma diem", "ma dia ban", "ma diem nhan rong", "reference", "site id"),
           width=12),
    Column("model", _l("Model"), ("ten mo hinh", "model"), width=28),
    Column("ward", _l("Ward (name or code)"), ("xa phuong", "xa", "phuong", "ward", "ten xa", "don vi hanh chinh",
                                               "dia ban", "xa phuong dac khu"), width=28),
    Column("ward_code", _l("Ward code"), ("ma xa", "ward code", "ma don vi hanh chinh"), width=10),
    Column("sub_unit", _l("Sub-unit (village, residential group, agency, school)"),
           ("don vi co so", "thon to dan pho", "thon", "to dan pho", "sub-unit", "sub unit", "dia diem"), width=32),
    Column("setting", _l("Setting"), ("loai dia ban", "loai hinh", "moi truong", "setting"), width=22),
    Column("started_on", _l("Started on (dd/mm/yyyy)"), ("ngay trien khai", "ngay thanh lap", "started on",
                                                        "start date", "ngay"), width=14),
    Column("teams", _l("Teams"), ("so to", "so doi", "to doi", "so to doi", "teams"), width=9),
    Column("members", _l("Members"), ("so thanh vien", "thanh vien", "members"), width=11),
    Column("households", _l("Households"), ("so ho gia dinh", "so ho", "ho gia dinh", "households"), width=11),
    Column("cameras", _l("Cameras"), ("so camera", "camera", "cameras"), width=9),
    Column("status", _l("Status"), ("tinh trang", "status"), width=14),
    Column("notes", _l("Notes"), ("notes", "note"), width=30),
)
FIELDS = tuple(column.field for column in SITE_COLUMNS)
REQUIRED = ("ward", "ward_code")


def read_sites(file_format: str, data: bytes, name: str = ""):
    """The file as a ``reading.Table`` of site rows (a context manager)."""
    return reading.open_table(file_format, data, SITE_COLUMNS, REQUIRED, name)


def check_header(file_format: str, data: bytes, name: str = "") -> None:
    reading.check_upload(file_format, data, SITE_COLUMNS, REQUIRED, name)
