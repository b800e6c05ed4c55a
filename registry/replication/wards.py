"""Find a ward of the province from what an officer typed or a spreadsheet holds.

One resolver serves the ward picker and the import: a code ("2269"), a picker choice
("Xã Thượng Lâm (2269)"), or a name with or without diacritics and with or without the
"Xã / Phường / Đặc khu" prefix. Names of units that disappeared in the July 2025
reorganisation ("Thị trấn Gio Linh, huyện Gio Linh") resolve to the ward that took them in
(``registry.tenants.former_units``), and the resolution says so; an old unit split between
several wards asks which one.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select

from registry.extensions import db
from registry.tenants.former_units import FormerUnits, unit_key
from registry.tenants.models import Province, Ward
from registry.text import fold
from registry.web import MAX_URL_INT

PREFIXES = ("xa ", "phuong ", "dac khu ")
ABBREVIATIONS = {"p. ": "phuong ", "p ": "phuong ", "x. ": "xa "}
# Shapes that only pre-2025 units have: district level, towns, or "xã A, huyện B".
OLD_UNIT = re.compile(r"^(thi tran|tt\.?|huyen|quan|thi xa|tx\.?)\s|,\s*(huyen|quan|thi xa|thanh pho|tp\.?)\s")
CODE_IN_PARENS = re.compile(r"\((\d{1,6})\)\s*$")

# Error codes; messages live with the import (registry.replication.importing.ROW_ERRORS).
UNKNOWN, OTHER_PROVINCE, OLD, AMBIGUOUS = "unknown_ward", "ward_other_province", "old_unit", "ambiguous_ward"
SPLIT = "old_unit_split"


class Resolution(NamedTuple):
    ward: Ward | None
    error: tuple[str, dict] | None = None
    former: str | None = None  # the pre-2025 unit as written, when ``ward`` replaced it


def label(ward: Ward) -> str:
    """What the picker shows and accepts back: "Xã Thượng Lâm (2269)"."""
    return f"{ward.name} ({ward.code})"


def bare(folded: str) -> str:
    for short, full in ABBREVIATIONS.items():
        if folded.startswith(short):
            folded = full + folded[len(short):]
    for prefix in PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded


def _written(text: str) -> str:
    """A name as written, case and Unicode composition aside."""
    return unicodedata.normalize("NFC", text.strip()).lower()


def _code(raw) -> int | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    match = CODE_IN_PARENS.search(text)
    if match:
        return int(match.group(1))
    # A number too long for a ward code (one over 32 bits would overflow the query): read as a name.
    return int(text) if text.isdigit() and len(text) <= len(str(MAX_URL_INT)) and int(text) <= MAX_URL_INT else None


class WardResolver:
    """Resolves ward references within one province; built once per form or import."""

    def __init__(self, province: Province):
        self.province = province
        self.by_code: dict[int, Ward] = {}
        # Two wards may fold to the same name (Ho Chi Minh City has such pairs): the name as
        # written decides first, a folded name matching several is ambiguous.
        self.by_exact: dict[str, Ward] = {}
        self.by_name: dict[str, list[Ward]] = defaultdict(list)
        self.by_bare: dict[str, list[Ward]] = defaultdict(list)
        for ward in db.session.scalars(select(Ward).where(Ward.province_id == province.id)):
            self.by_code[ward.code] = ward
            self.by_exact[_written(ward.name)] = ward
            self.by_name[ward.name_folded].append(ward)
            self.by_bare[bare(ward.name_folded)].append(ward)
        self._elsewhere: dict[str, str] | None = None
        self._former: tuple[FormerUnits, dict[str, Ward]] | None = None  # loaded at the first old name

    def resolve(self, raw) -> Resolution:
        text = str(raw).strip() if raw is not None else ""
        code = _code(raw) if text else None
        if code is not None:
            if code in self.by_code:
                return Resolution(self.by_code[code])
            return Resolution(None, self._missing(text, by_code=code))
        if _written(text) in self.by_exact:
            return Resolution(self.by_exact[_written(text)])
        folded = fold(text)
        candidates = self.by_name.get(folded) or self.by_bare.get(bare(folded), [])
        if len(candidates) == 1:
            return Resolution(candidates[0])
        if candidates:
            return Resolution(None, (AMBIGUOUS, {"value": text, "choices": ", ".join(label(w) for w in candidates)}))
        return self._former_unit(text) or Resolution(None, self._missing(text))

    def _former_unit(self, text: str) -> Resolution | None:
        if self._former is None:
            self._former = FormerUnits(self.province), {unit_key(ward.name_folded): ward for ward in self.by_code.values()}
        units, by_key = self._former
        successors = [by_key[key] for key in units.successors(text) if key in by_key]
        if len(successors) == 1:
            return Resolution(successors[0], former=text)
        if successors:
            return Resolution(None, (SPLIT, {"value": text, "choices": ", ".join(label(w) for w in successors)}))
        return None

    def _missing(self, text: str, by_code: int | None = None) -> tuple[str, dict]:
        folded = fold(text)
        if by_code is None and OLD_UNIT.search(folded):
            return OLD, {"value": text}
        elsewhere = self._other_provinces(by_code, folded)
        if elsewhere:
            return OTHER_PROVINCE, {"value": text, "province": elsewhere}
        return UNKNOWN, {"value": text}

    def _other_provinces(self, code: int | None, folded: str) -> str | None:
        if code is not None:
            ward = db.session.scalar(select(Ward).where(Ward.code == code))
            return ward.province.name if ward else None
        if self._elsewhere is None:
            self._elsewhere = {}
            rows = db.session.execute(
                select(Ward.name_folded, Province.name).join(Province).where(Ward.province_id != self.province.id)
            )
            for name, province_name in rows:
                self._elsewhere.setdefault(name, province_name)
                self._elsewhere.setdefault(bare(name), province_name)
        return self._elsewhere.get(folded) or self._elsewhere.get(bare(folded))
