"""The models spreadsheet: one set of columns for the models export, its import template and the import.

The export writes these columns; the template is the same sheet without rows, with a second
sheet listing the valid categories, settings, statuses, reasons and the province's wards as
drop-downs; the import reads them back, the model reference ("MH-000045") tying each row to
its model. Figures the registry computes (next review, sites) are exported and recognised on
import only to say they are not imported.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry.exports import DropDown
from registry.extensions import db
from registry.movement.models import CATEGORIES, END_REASONS, SETTINGS, STATUSES
from registry.sheets.columns import Column
from registry.tenants.models import Province, Ward

MODEL_COLUMNS = (
    Column("reference", _l("Model reference"), ("ma mo hinh", "reference", "model id"), width=12),
    Column("name", _l("Name"), ("ten mo hinh", "ten", "mo hinh", "model", "name"), width=40),
    Column("category", _l("Category"), ("linh vuc", "loai mo hinh", "nhom mo hinh", "category"), width=28),
    Column("target_setting", _l("Target setting"), ("dia ban ap dung", "moi truong", "loai dia ban", "setting"),
           width=22),
    Column("status", _l("Status"), ("tinh trang", "status"), width=14),
    Column("end_reason", _l("Reason for ending"), ("ly do ket thuc", "ly do"), width=22),
    Column("end_reason_text", _l("Explanation"), ("giai thich", "ly do chi tiet"), width=30),
    Column("merged_into", _l("Merged into"), ("sap nhap vao", "hop nhat vao"), width=28),
    Column("origin_ward", _l("Origin ward"), ("xa phuong", "xa", "phuong", "dia ban", "noi xay dung", "ward"), width=28),
    Column("host_organisation", _l("Host organisation"), ("don vi chu tri", "co quan chu tri", "don vi"), width=28),
    Column("launched_on", _l("Launched on"), ("ngay ra mat", "ngay xay dung", "ngay thanh lap", "ngay"), width=14),
    Column("review_interval_months", _l("Review interval (months)"), ("chu ky danh gia", "so thang"), width=12),
    Column("tags", _l("Tags"), ("the", "tu khoa", "tags"), width=20),
    Column("summary", _l("Summary"), ("tom tat", "mo ta", "summary"), width=40),
    Column("objectives", _l("Objectives"), ("muc tieu",), width=30),
    Column("how_it_works", _l("How it works"), ("cach thuc hoat dong", "cach lam"), width=30),
    Column("resources", _l("Resources and funding"), ("nguon luc", "kinh phi"), width=24),
    Column("next_review_due", _l("Next review due"), read_only=True, width=14),
    Column("recognised_year", _l("Nationally recognised (year)"), read_only=True, width=12),
    Column("active_sites", _l("Active sites"), read_only=True, width=10),
    Column("wards_reached", _l("Wards reached"), read_only=True, width=10),
)
FIELDS = tuple(column.field for column in MODEL_COLUMNS)
REQUIRED = "name"
LISTED = {"category": CATEGORIES, "target_setting": SETTINGS, "status": STATUSES, "end_reason": END_REASONS}


def drop_downs(province: Province) -> tuple[str, list[DropDown]]:
    """The lists sheet's title and the drop-downs of the template and the export, in the interface's language."""
    drops = [DropDown(FIELDS.index(field), str(next(c.label for c in MODEL_COLUMNS if c.field == field)),
                      [str(label) for label in labels.values()]) for field, labels in LISTED.items()]
    wards = db.session.scalars(select(Ward.name).where(Ward.province_id == province.id).order_by(Ward.name)).all()
    drops.append(DropDown(FIELDS.index("origin_ward"), _("Wards of %(province)s", province=province.name), wards))
    return _("Lists"), drops


def widths() -> list[int]:
    return [column.width for column in MODEL_COLUMNS]
