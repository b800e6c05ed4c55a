"""Wards and districts that the July 2025 reorganisation merged or split, and the current wards
that replaced them, so that a spreadsheet still naming "Thị trấn Gio Linh, huyện Gio Linh"
lands in "Xã Gio Linh".

The mapping is the open dataset that ships with ``vietnamadminunits`` (``converter_2025.json``):
for every current province, each current ward with the pre-2025 units it took in, and the old
wards that were split between several current ones. Units are keyed by their folded name
without spaces ("huyengiolinh"). Only the data file is read: the package's own parser pulls in
geometry libraries the registry does not need.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from functools import cache
from typing import NamedTuple
from pathlib import Path

from registry.tenants.models import Province
from registry.text import fold

WARD_TYPES = ("thi tran", "phuong", "xa")
DISTRICT_TYPES = ("thanh pho", "thi xa", "huyen", "quan")
# What officers abbreviate, folded: "TT. Gio Linh", "P. 5", "H. Gio Linh", "TP. Đông Hà".
ABBREVIATIONS = {"tt": "thi tran", "p": "phuong", "x": "xa", "h": "huyen", "q": "quan", "tx": "thi xa",
                 "tp": "thanh pho"}
ABBREVIATED = re.compile(r"^(tt|tx|tp|p|x|h|q)(\.\s*|\s+)")


def _package_data(name: str) -> dict:
    package = importlib.util.find_spec("vietnamadminunits")
    folder = Path(next(iter(package.submodule_search_locations)))
    return json.loads((folder / "data" / name).read_text(encoding="utf-8"))


@cache
def _dataset() -> dict:
    return _package_data("converter_2025.json")


def unit_key(folded: str) -> str:
    """The dataset's key of a folded name: "xa gio linh" → "xagiolinh"."""
    return re.sub(r"[^a-z0-9]", "", folded)


def parse_unit(name: str) -> tuple[str, str]:
    """ "Thị trấn Gio Linh" → ("thi tran", "giolinh"); "H. Gio Linh" → ("huyen", "giolinh"); no type → ""."""
    folded = ABBREVIATED.sub(lambda match: ABBREVIATIONS[match.group(1)] + " ", fold(name).strip())
    for kind in WARD_TYPES + DISTRICT_TYPES:
        if folded.startswith(kind + " "):
            return kind, unit_key(folded[len(kind):])
    return "", unit_key(folded)


def _split_key(key: str, types: tuple[str, ...]) -> tuple[str, str]:
    """A dataset key "thitrangiolinh" → ("thi tran", "giolinh")."""
    for kind in types:
        if key.startswith(unit_key(kind)):
            return kind, key[len(unit_key(kind)):]
    return "", key


def province_key(province: Province) -> str:
    city = province.name.startswith("Thành phố")
    return unit_key(fold(province.name if city else f"tỉnh {province.name}"))


class FormerUnits:
    """The pre-2025 units now inside one province, each with the current wards that replaced it."""

    def __init__(self, province: Province):
        # old ward name → [(its type, its district's name, keys of the current wards that took it in)]
        self.wards: dict[str, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
        # districts that became one unit whole (island districts became special zones)
        self.districts: dict[str, tuple[str, ...]] = {}
        key = province_key(province)
        data = _dataset()
        for current, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(key, {}).items():
            for old in olds:
                self._add(old, (current,))
        for old, parts in data["DICT_PROVINCE_WARD_DIVIDED"].get(key, {}).items():
            self._add(old, tuple(part["newWardKey"] for part in parts))

    def _add(self, old: str, successors: tuple[str, ...]) -> None:
        _, district, ward = old.split("_")
        district_name = _split_key(district, DISTRICT_TYPES)[1]
        if not ward:
            self.districts[district_name] = successors
            return
        kind, name = _split_key(ward, WARD_TYPES)
        self.wards[name].append((kind, district_name, successors))

    def successors(self, text: str) -> tuple[str, ...]:
        """Keys of the current wards ("xagiolinh") that took in the old unit ``text``
        ("ward[, district[, province]]"); empty when it names no old unit of this province."""
        parts = [parse_unit(part) for part in text.split(",") if part.strip()]
        if not parts:
            return ()
        kind, name = parts[0]
        if kind in DISTRICT_TYPES:
            return self.districts.get(name, ())
        district = parts[1][1] if len(parts) > 1 else None
        found: set[str] = set()
        for old_kind, old_district, successors in self.wards.get(name, ()):
            if (kind and old_kind != kind) or (district and old_district != district):
                continue
            found.update(successors)
        return tuple(sorted(found))


# -- Names of the former units, for showing them ---------------------------------------------

@cache
def _legacy() -> dict:
    """The pre-2025 units with their written names (``parser_legacy.json`` of the same package)."""
    return _package_data("parser_legacy.json")


def _written_name(old: str) -> str:
    """ "tinhquangbinh_thixabadon_phuongquangtho" → "Phường Quảng Thọ, Thị xã Ba Đồn, Tỉnh Quảng Bình"."""
    province, district, ward = old.split("_")
    legacy = _legacy()
    province_name = legacy["DICT_PROVINCE"].get(province, {}).get("province", province)
    district_name = legacy["DICT_PROVINCE_DISTRICT"].get(province, {}).get(district, {}).get("district", district)
    if not ward:
        return f"{district_name}, {province_name}"
    wards = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].get(province, {}).get(district, {})
    return f"{wards.get(ward, {}).get('ward', ward)}, {district_name}, {province_name}"


@cache
def _former_names(key: str) -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = defaultdict(list)
    data = _dataset()
    for current, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(key, {}).items():
        names[current].extend(_written_name(old) for old in olds)
    for old, parts in data["DICT_PROVINCE_WARD_DIVIDED"].get(key, {}).items():
        for part in parts:
            names[part["newWardKey"]].append(_written_name(old))
    return {current: tuple(sorted(set(found))) for current, found in names.items()}


def written_former_names(province: Province) -> dict[str, tuple[str, ...]]:
    """Each current ward of ``province`` (by ``unit_key`` of its folded name) → the written names
    of the pre-2025 units it took in, whole or in part ("Thị trấn Gio Linh, Huyện Gio Linh, Tỉnh
    Quảng Trị"). Read once per process: the data ships with the package and never changes."""
    return _former_names(province_key(province))


class FormerName(NamedTuple):
    """A pre-2025 unit as people wrote it, with the current wards (dataset keys) that took it in."""

    name: str  # "Thị trấn Hồ Xá"
    district: str  # "Huyện Vĩnh Linh"
    folded: str  # "thi tran ho xa"
    successors: tuple[str, ...]


@cache
def former_names(province_key_: str) -> tuple[FormerName, ...]:
    """Every pre-2025 ward (and district that became one unit) now inside the province of
    ``province_key_`` (``province_key(province)``), with its name in full Vietnamese, for the
    ward picker to find "Hồ Xá" in "Xã Vĩnh Linh". Read once per process from the shipped data."""
    data, legacy = _dataset(), _legacy()
    wards, districts = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"], legacy["DICT_PROVINCE_DISTRICT"]
    takers: dict[str, set[str]] = defaultdict(set)
    for current, olds in data["DICT_PROVINCE_WARD_NO_DIVIDED"].get(province_key_, {}).items():
        for old in olds:
            takers[old].add(current)
    for old, parts in data["DICT_PROVINCE_WARD_DIVIDED"].get(province_key_, {}).items():
        takers[old].update(part["newWardKey"] for part in parts)
    found = []
    for old, successors in sorted(takers.items()):
        old_province, district, ward = old.split("_")
        district_entry = districts.get(old_province, {}).get(district, {})
        district_name = district_entry.get("district", "")
        name = wards.get(old_province, {}).get(district, {}).get(ward, {}).get("ward") if ward else district_name
        if name:
            found.append(FormerName(name, district_name if ward else "", fold(name), tuple(sorted(successors))))
    return tuple(found)
