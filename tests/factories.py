"""Rows every suite needs, inserted directly so a suite does not depend on another area's
forms: provinces and wards looked up, models and sites made. Each adds and flushes; the
test commits. Area factories beside their suites build on these.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import ACTIVE, DRAFT, MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.tenants.models import Province, Ward
from registry.text import fold
from tests.route_arguments import route_argument


def province(slug: str) -> Province:
    return db.session.scalar(select(Province).where(Province.slug == slug))


def wards_of(place: Province, count: int = 1, offset: int = 0) -> list[Ward]:
    """The province's first wards by code, a stable choice across runs and engines."""
    statement = select(Ward).where(Ward.province_id == place.id).order_by(Ward.code).offset(offset).limit(count)
    return list(db.session.scalars(statement))


def ward_of(place: Province, position: int = 0) -> Ward:
    return wards_of(place, 1, position)[0]


def make_model(place: Province | str, name: str = "Camera an ninh", **fields) -> MovementModel:
    """A model of ``place`` (a province or its slug): an active cameras model in a residential
    area launched 01/03/2024 and active in the registry since then, unless ``fields`` say otherwise."""
    if isinstance(place, str):
        place = province(place)
    tags = fields.pop("tags", "")
    values = dict(category="cameras", target_setting="residential", status=ACTIVE, launched_on=date(2024, 3, 1))
    if (fields.get("status") or ACTIVE) != DRAFT:
        values["activated_on"] = fields.get("launched_on") or values["launched_on"]
    model = MovementModel(province_id=place.id, name=name, name_folded=fold(name), tags=tags,
                          tags_folded=fold(tags), **(values | fields))
    db.session.add(model)
    db.session.flush()
    return model


def make_site(model: MovementModel, ward: Ward | None = None, **fields) -> ReplicationSite:
    """An active site of ``model`` in ``ward`` (the province's first ward unless given)."""
    if ward is None:
        ward = wards_of(db.session.get(Province, model.province_id))[0]
    values = dict(status=SITE_ACTIVE, sub_unit="", notes="", teams=1, members=10)
    site = ReplicationSite(province_id=model.province_id, model_id=model.id, ward_id=ward.id, **(values | fields))
    db.session.add(site)
    db.session.flush()
    return site


@route_argument("model_id")
def _model_id(place: Province) -> int:
    return make_model(place).id


@route_argument("site_id")
def _site_id(place: Province) -> int:
    return make_site(make_model(place, "Tổ liên gia tự quản", category="inter_family")).id
