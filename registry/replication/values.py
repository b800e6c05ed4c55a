"""The words officers use for a site's setting and status, besides the interface's labels.

Cell parsing itself (dates, counts, choices) is the same for every import:
``registry.sheets.cells``, re-exported here for the sites import.
"""
from __future__ import annotations

from registry.movement.models import SETTINGS
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, SITE_STATUSES
from registry.sheets.cells import (  # noqa: F401  (the sites import reads them from here)
    BadValue, parse_choice, parse_count, parse_date, parse_number, parse_reference, text, vocabulary,
)

SETTING_WORDS = {
    "residential": ("khu dan cu", "dia ban dan cu", "khu pho", "thon", "to dan pho", "khu dan cu thon"),
    "agency": ("co quan", "co quan nha nuoc"),
    "enterprise": ("doanh nghiep", "cong ty"),
    "school": ("truong hoc", "nha truong", "truong"),
    "hospital": ("benh vien", "co so y te", "tram y te"),
    "religious": ("co so ton giao", "ton giao", "giao xu", "chua", "nha tho"),
    "market": ("cho", "cho dan sinh"),
    "industrial_park": ("khu cong nghiep", "cum cong nghiep", "kcn"),
    "coastal": ("vung bien", "ven bien", "khu vuc ven bien", "lang bien"),
}
STATUS_WORDS = {
    SITE_ACTIVE: ("dang hoat dong", "hoat dong", "dang trien khai"),
    SITE_PAUSED: ("tam dung", "tam ngung"),
    SITE_ENDED: ("da ket thuc", "ket thuc", "dung", "da dung"),
}


def setting_vocabulary() -> dict[str, str]:
    return vocabulary(SETTINGS, SETTING_WORDS)


def status_vocabulary() -> dict[str, str]:
    return vocabulary(SITE_STATUSES, STATUS_WORDS)
