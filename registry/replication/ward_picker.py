"""The one ward picker of every form and filter (model's origin ward, a site's ward, the lists'
and the reviews board's ward filters): what its type-ahead offers and how what was sent is read.

Type-ahead: the province's wards whose name contains what is typed, diacritics and case aside,
then wards that took in a pre-2025 unit of that name ("Hồ Xá" → "Xã Vĩnh Linh (trước đây Thị
trấn Hồ Xá)", from ``registry.tenants.former_units``).

Reading a submission: the picker sends the chosen ward's id (``<name>``, hidden) and the text in
the box (``<name>_q``). Without a choice (the officer typed "dong ha" and went on, or there was no
JavaScript) the text is resolved by the import's ``WardResolver`` (code, name with or without
diacritics and prefix, former name), then by the type-ahead: exactly one ward is taken; several,
none, or a unit split in 2025 is a field error that names the problem, and the text stays. A
former name that was mapped is said so.
"""
from __future__ import annotations

from typing import NamedTuple

from flask import abort, flash, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import Field
from wtforms.validators import StopValidation

from registry.extensions import db
from registry.replication import wards as resolving
from registry.tenants.former_units import former_names, province_key, unit_key
from registry.tenants.models import Province, Ward
from registry.text import fold

OPTIONS = 12
MAX_NUMBER = 2**31 - 1  # the largest id or code a column holds: a larger one never reaches the database
FORMERLY = _l("(formerly %(former)s)")
MAPPED = _l("“%(former)s” no longer exists since 07/2025: it is now part of %(ward)s.")
NOT_HERE = _l("Choose a ward of this province.")
PROBLEMS = {
    resolving.UNKNOWN: _l("No ward of %(province)s is called “%(value)s”. Type part of the name and pick it from the list."),
    resolving.OTHER_PROVINCE: _l("“%(value)s” is a ward of %(other)s, not of %(province)s."),
    resolving.OLD: _l("“%(value)s” is a unit that no longer exists since 07/2025 and is not known in %(province)s: "
                      "pick the ward that took it in."),
    resolving.SPLIT: _l("“%(value)s” was split between several wards in 07/2025 (%(choices)s): pick the one you mean."),
    resolving.AMBIGUOUS: _l("“%(value)s” matches several wards (%(choices)s): pick one from the list."),
}


class Option(NamedTuple):
    ward: Ward
    former: str | None = None  # the pre-2025 unit it was found by


class Pick(NamedTuple):
    ward: Ward | None
    error: str | None = None
    note: str | None = None  # said when an old name was mapped to today's ward


def _wards(province: Province) -> list[Ward]:
    return list(db.session.scalars(select(Ward).where(Ward.province_id == province.id).order_by(Ward.name_folded)))


def options(province: Province, text: str, limit: int = OPTIONS) -> tuple[list[Option], int]:
    """What the type-ahead offers for ``text``: today's names first (those starting with it
    first), then wards found by a former name; with the number of wards found in all."""
    query = fold(text or "").strip()
    if not query:
        return [], 0
    wards = _wards(province)
    starting, containing, found = [], [], set()
    for ward in wards:
        name = resolving.bare(ward.name_folded)
        if name.startswith(resolving.bare(query)) or ward.name_folded.startswith(query):
            starting.append(Option(ward))
        elif query in ward.name_folded:
            containing.append(Option(ward))
        else:
            continue
        found.add(ward.id)
    by_key = {unit_key(ward.name_folded): ward for ward in wards}
    formerly = []
    for unit in former_names(province_key(province)):
        if query not in unit.folded:
            continue
        for key in unit.successors:
            ward = by_key.get(key)
            if ward is not None and ward.id not in found:
                found.add(ward.id)
                formerly.append(Option(ward, unit.name))
    every = starting + containing + formerly
    return every[:limit], len(every)


def formerly(option: Option) -> str:
    """ "(trước đây Thị trấn Hồ Xá)" after a ward found by a former name."""
    return str(FORMERLY) % {"former": option.former} if option.former else ""


def mapped(former: str | None, ward: Ward) -> str | None:
    """What to say when the former unit ``former`` was taken as today's ``ward``."""
    return str(MAPPED) % {"former": former, "ward": ward.name} if former else None


def pick(province: Province, chosen: str | None, text: str | None) -> Pick:
    """The ward meant by a submission: ``chosen`` (an id from the list) or else ``text``."""
    chosen, text = (chosen or "").strip(), (text or "").strip()
    if chosen.isdigit():
        ward = db.session.scalar(select(Ward).where(Ward.id == int(chosen), Ward.province_id == province.id)) \
            if _fits(chosen) else None
        if ward is not None:
            return Pick(ward)
        if not text:
            return Pick(None, error=str(NOT_HERE))
    elif chosen and not text:
        text = chosen  # an older form, or a script, sent the ward's name or code itself
    if not text:
        return Pick(None)
    if text.isdigit() and not _fits(text):  # no code is that long
        return Pick(None, error=str(PROBLEMS[resolving.UNKNOWN]) % {"province": province.name, "value": text[:20]})
    resolution = resolving.WardResolver(province).resolve(text)
    if resolution.ward is not None:
        return Pick(resolution.ward, note=mapped(resolution.former, resolution.ward))
    code, params = resolution.error
    if code == resolving.UNKNOWN:
        found, total = options(province, text, limit=6)
        if total == 1:
            ward, former = found[0]
            return Pick(ward, note=mapped(former, ward))
        if total > 1:
            code = resolving.AMBIGUOUS
            params = {"value": text, "choices": ", ".join(o.ward.name for o in found) + (", …" if total > 6 else "")}
    params = {**params, "other": params.get("province", ""), "province": province.name}
    return Pick(None, error=str(PROBLEMS[code]) % params)


class WardField(Field):
    """A form field for the ward picker (``ward_picker`` in ``templates/_ward_picker.html``).

    ``data`` is the ward's id (None when none is chosen); ``ward`` the Ward; ``text`` what the
    box shows; ``note`` what to say when a former name was mapped. The province is the request's
    (``g.province``) unless given.
    """

    def __init__(self, label=None, validators=None, province: Province | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.province, self.ward, self.text, self.note, self._chosen = province, None, "", None, None

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors, self.raw_data = [], []
        if formdata is not None and (self.name in formdata or f"{self.name}_q" in formdata):
            self._chosen = formdata.get(self.name, "")
            self.text = formdata.get(f"{self.name}_q", "")
            self.raw_data = [self._chosen, self.text]
            self.data = None
            return
        ward = data if isinstance(data, Ward) else (db.session.get(Ward, data) if data else None)
        self.ward, self.data, self.text = ward, ward.id if ward else None, ward.name if ward else ""

    def pre_validate(self, form) -> None:
        if not self.raw_data:
            return
        picked = pick(self.province or g.province, self._chosen, self.text)
        if picked.error:
            raise StopValidation(picked.error)  # one message: not also "choose the ward"
        self.ward, self.note = picked.ward, picked.note
        self.data = picked.ward.id if picked.ward else None
        if picked.ward is not None and not self.text:
            self.text = picked.ward.name


def _fits(digits: str) -> bool:
    return len(digits) <= len(str(MAX_NUMBER)) and int(digits) <= MAX_NUMBER


def resolved_filter(province: Province, args, name: str = "ward") -> Pick:
    """A list filter's ward from the URL (``<name>`` id or ``<name>_q`` text), as forms read it.
    An id too large for any row is a malformed URL: 400, as for the lists' other numbers."""
    chosen = (args.get(name) or "").strip()
    if chosen.isdigit() and not _fits(chosen):
        abort(400)
    return pick(province, chosen, args.get(f"{name}_q"))




def say_mapped(form) -> None:
    """After a save: tell the user which former names of ``form``'s ward fields were mapped."""
    for field in form:
        if isinstance(field, WardField) and field.note:
            flash(field.note, "info")
