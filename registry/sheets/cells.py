"""Spreadsheet cells into values: text, dates, whole and decimal numbers, choices from a vocabulary.

Each parser returns the clean value or raises ``BadValue`` with an error code that the
importing area explains to the user. Cells come as a spreadsheet gives them: text (CSV, or
text cells of a workbook), numbers, dates and datetimes (XLSX).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from flask_babel import force_locale
from openpyxl.utils.datetime import from_excel

from registry.text import fold

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y/%m/%d")
# Day numbers Excel gives for 1954…2119: a bare number in a date column is such a serial.
EXCEL_SERIALS = (20_000, 80_000)
# "1.234" and "1.234.567" (Vietnamese), "1,234" (English): thousands separators, no decimals.
THOUSANDS = re.compile(r"^[+-]?\d{1,3}([.,]\d{3})+$")
VIETNAMESE_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")   # 1.234,5 or 12,5
ENGLISH_DECIMAL = re.compile(r"^[+-]?\d{1,3}(,\d{3})*\.\d+$|^[+-]?\d+\.\d+$")   # 1,234.5 or 12.5
# Everything but tab and line feed in Unicode's "control" and "format" categories: NUL from a
# copied field, form feeds, BOMs inside a cell, zero-width spaces. PostgreSQL refuses NUL in text.
_KEPT = {"\t", "\n"}


class BadValue(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def clean(value: str) -> str:
    """``value`` without control characters (a carriage return before a line feed goes too)."""
    if value.isprintable():
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in _KEPT or unicodedata.category(ch) not in ("Cc", "Cf"))


def text(cell) -> str:
    """A cell as the user sees it, cleaned of control characters."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return clean(str(cell)).strip()


def parse_date(cell, today: date | None = None) -> date | None:
    """A date from an XLSX date, an Excel serial, dd/mm/yyyy or yyyy-mm-dd; refuses one after ``today``."""
    if cell is None or text(cell) == "":
        return None
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value = _serial(cell, text(cell))
    else:
        raw = text(cell)
        value = _serial(float(raw), raw) if raw.isdigit() else _parse_date_text(raw)
    if today is not None and value > today:
        raise BadValue("future_date", value=value.strftime("%d/%m/%Y"))
    return value


def _serial(number: float, raw: str) -> date:
    if not EXCEL_SERIALS[0] < number < EXCEL_SERIALS[1]:
        raise BadValue("bad_date", value=raw)
    return from_excel(number).date()


def _parse_date_text(raw: str) -> date:
    day = raw.split(" ")[0].split("T")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    raise BadValue("bad_date", value=raw)


def parse_number(cell, column: str) -> float | None:
    """A number as officers write it: "1.234" and "1,234" are thousands, "1.234,5" and "12,5" are
    Vietnamese decimals, "1,234.5" English ones; spaces (also non-breaking) are ignored."""
    raw = text(cell)
    if raw == "":
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    compact = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if THOUSANDS.match(compact):
        compact = re.sub(r"[.,]", "", compact)
    elif VIETNAMESE_DECIMAL.match(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif ENGLISH_DECIMAL.match(compact):
        compact = compact.replace(",", "")
    try:
        return float(compact)
    except ValueError:
        raise BadValue("bad_number", column=column, value=raw) from None


def parse_count(cell, column: str) -> int | None:
    """A whole number, not negative."""
    number = parse_number(cell, column)
    if number is None:
        return None
    if number < 0:
        raise BadValue("negative", column=column, value=text(cell))
    if not number.is_integer():
        raise BadValue("bad_number", column=column, value=text(cell))
    return int(number)


def vocabulary(labels: dict, words: dict | None = None) -> dict[str, str]:
    """Folded spellings → code: each code, its label in both languages, and ``words`` officers use."""
    known = {}
    for key, label in labels.items():
        known[fold(key)] = key
        for locale in ("en", "vi"):
            with force_locale(locale):
                known[fold(str(label))] = key
        for word in (words or {}).get(key, ()):
            known[word] = key
    return known


def parse_choice(cell, known: dict[str, str], code: str, default: str | None) -> str | None:
    raw = text(cell)
    if raw == "":
        return default
    key = known.get(fold(raw))
    if key is None:
        raise BadValue(code, value=raw)
    return key


def parse_reference(cell, prefix: str) -> int | None:
    """The id in a reference the exports write ("NR-000123"), or a bare number; None when blank.

    Raises ``BadValue("bad_reference")`` for anything else.
    """
    raw = text(cell)
    if raw == "":
        return None
    match = re.fullmatch(rf"(?:{re.escape(prefix)}\s*-?\s*)?0*(\d{{1,12}})", raw, flags=re.IGNORECASE)
    if not match or not match.group(1):
        raise BadValue("bad_reference", value=raw)
    return int(match.group(1))
