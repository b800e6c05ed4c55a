"""Turn spreadsheet cells into site values: dates, counts, settings and statuses.

Each parser returns the clean value or raises ``BadValue`` with an error code that
``registry.replication.importing.ROW_ERRORS`` explains to the user.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import force_locale
from openpyxl.utils.datetime import from_excel

from registry.movement.models import SETTINGS
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, SITE_STATUSES
from registry.text import fold

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")

# Words officers use in their sheets, besides the labels of the interface in both languages.
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


class BadValue(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def text(cell) -> str:
    """A cell as the user sees it."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_date(cell, today: date) -> date | None:
    if cell is None or text(cell) == "":
        return None
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, (int, float)) and 20_000 < cell < 80_000:  # an Excel serial day number
        value = from_excel(cell).date()
    else:
        value = _parse_date_text(text(cell))
    if value > today:
        raise BadValue("future_date", value=value.strftime("%d/%m/%Y"))
    return value


def _parse_date_text(raw: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(raw.split(" ")[0], pattern).date()
        except ValueError:
            continue
    raise BadValue("bad_date", value=raw)


def parse_count(cell, column: str) -> int | None:
    raw = text(cell)
    if raw == "":
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        number = cell
    else:
        compact = raw.replace(" ", "")
        if THOUSANDS.match(compact):
            compact = re.sub(r"[.,]", "", compact)
        try:
            number = float(compact)
        except ValueError:
            raise BadValue("bad_number", column=column, value=raw) from None
    if number < 0:
        raise BadValue("negative", column=column, value=raw)
    if not float(number).is_integer():
        raise BadValue("bad_number", column=column, value=raw)
    return int(number)


def _vocabulary(labels: dict, words: dict) -> dict[str, str]:
    known = {}
    for key, label in labels.items():
        known[fold(key)] = key
        for locale in ("en", "vi"):
            with force_locale(locale):
                known[fold(str(label))] = key
        for word in words.get(key, ()):
            known[word] = key
    return known


def setting_vocabulary() -> dict[str, str]:
    return _vocabulary(SETTINGS, SETTING_WORDS)


def status_vocabulary() -> dict[str, str]:
    return _vocabulary(SITE_STATUSES, STATUS_WORDS)


def parse_choice(cell, vocabulary: dict[str, str], code: str, default: str | None) -> str | None:
    raw = text(cell)
    if raw == "":
        return default
    key = vocabulary.get(fold(raw))
    if key is None:
        raise BadValue(code, value=raw)
    return key
