"""Provinces (the 34, reference data every caller may read) and a province's wards with the
pre-2025 units each took in (members of the province only, as on the pages)."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from registry.api import bp, paging, province_bp
from registry.api.openapi import operation
from registry.api.schemas import ProvinceList, ProvinceOut, ProvinceQuery, WardList, WardOut, WardQuery
from registry.extensions import db
from registry.page_cache import kept
from registry.tenants.former_units import unit_key, written_former_names
from registry.tenants.models import Province, Ward
from registry.tenants.routes import search_wards
from registry.text import fold

TAG = "Provinces and wards"


def _province_out(province: Province) -> ProvinceOut:
    membership = current_user.membership_in(province.id)
    return ProvinceOut(slug=province.slug, code=province.code, name=province.name,
                       division_type=province.division_type, role=membership.role if membership else None)


@bp.get("/provinces")
@operation("listProvinces", TAG, ok=ProvinceList, query=ProvinceQuery, paged=True)
def list_provinces():
    """The 34 provinces, by name; ``q`` ignores diacritics. ``role`` is yours where you are a member."""
    query = g.api_query
    statement = select(Province)
    if query.q.strip():
        # Provinces keep no folded name: 34 rows, folded here.
        rows = [p for p in db.session.scalars(statement) if fold(query.q) in fold(p.name)]
    else:
        rows = list(db.session.scalars(statement))
    rows.sort(key=lambda p: fold(p.name))
    page = rows[paging.offset(query):paging.offset(query) + query.per_page]
    return paging.answer(ProvinceList, query, len(rows), [_province_out(p) for p in page])


@bp.get("/provinces/<province>")
@operation("getProvince", TAG, ok=ProvinceOut)
def get_province(province: str):
    """One province by its slug (quang-tri, ha-noi…)."""
    found = db.session.scalar(select(Province).where(Province.slug == province))
    if found is None:
        abort(404)
    return _province_out(found)


def _ward_out(ward: Ward, names: dict) -> WardOut:
    return WardOut(id=ward.id, code=ward.code, name=ward.name, division_type=ward.division_type,
                   former_names=list(names.get(unit_key(ward.name_folded), ())))


@province_bp.get("/wards")
@kept()
@operation("listWards", TAG, ok=WardList, query=WardQuery, paged=True)
def list_wards():
    """The province's commune-level units by name; ``q`` ignores diacritics. Members only (404)."""
    query = g.api_query
    rows, total = search_wards(g.province.id, query.q, limit=query.per_page, offset=paging.offset(query))
    names = written_former_names(g.province)
    return paging.answer(WardList, query, total, [_ward_out(ward, names) for ward in rows])


@province_bp.get("/wards/<int:ward_id>")
@operation("getWard", TAG, ok=WardOut)
def get_ward(ward_id: int):
    """One ward of the province, by id. Members only; another province's ward answers 404."""
    found = db.session.scalar(select(Ward).where(Ward.id == ward_id, Ward.province_id == g.province.id))
    if found is None:
        abort(404)
    return _ward_out(found, written_former_names(g.province))
