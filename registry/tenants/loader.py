"""Load the 34 provinces and 3,321 commune-level units from ``vietnam-provinces``."""
from __future__ import annotations

from sqlalchemy import select
from vietnam_provinces import Province as SourceProvince
from vietnam_provinces import Ward as SourceWard

from registry.extensions import db
from registry.tenants.models import Province, Ward
from registry.text import fold


def slug_for(codename: str) -> str:
    """``quang_tri`` → ``quang-tri``."""
    return codename.replace("_", "-")


def load_divisions() -> tuple[int, int]:
    """Insert or update every province and ward; safe to run again. Returns the counts."""
    provinces = {p.code: p for p in db.session.scalars(select(Province))}
    for source in SourceProvince.iter_all():
        code = int(source.code)
        row = provinces.get(code) or Province(code=code)
        row.name = source.name
        row.slug = slug_for(source.codename)
        row.division_type = source.division_type.value
        if code not in provinces:
            db.session.add(row)
            provinces[code] = row
    db.session.flush()

    wards = {w.code: w for w in db.session.scalars(select(Ward))}
    for source in SourceWard.iter_all():
        code = int(source.code)
        row = wards.get(code) or Ward(code=code)
        row.name = source.name
        row.name_folded = fold(source.name)
        row.division_type = source.division_type.value
        row.province_id = provinces[int(source.province_code)].id
        if code not in wards:
            db.session.add(row)
            wards[code] = row
    db.session.commit()
    return len(provinces), len(wards)
