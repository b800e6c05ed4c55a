"""Factories for models, sites and imports, and the URL arguments of the sites routes.

``make_model`` is this area's own: the models area has its factory too; merge them at merge time.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import ACTIVE, MovementModel
from registry.replication.models import IMPORT_READY, ReplicationSite, SiteImport
from registry.tenants.models import Province, Ward
from registry.text import fold
from tests.route_arguments import route_argument


def make_model(province: Province, **fields) -> MovementModel:
    """A committed-ready (flushed) model of ``province``; active "Camera an ninh" unless told."""
    values = dict(name="Camera an ninh", category="cameras", target_setting="residential", status=ACTIVE,
                  launched_on=date(2023, 3, 1))
    values.update(fields)
    values.setdefault("name_folded", fold(values["name"]))
    model = MovementModel(province_id=province.id, **values)
    db.session.add(model)
    db.session.flush()
    return model


def ward_of(province: Province, position: int = 0) -> Ward:
    return db.session.scalars(
        select(Ward).where(Ward.province_id == province.id).order_by(Ward.code).offset(position).limit(1)
    ).one()


def make_site(model: MovementModel, ward: Ward | None = None, **fields) -> ReplicationSite:
    values = dict(sub_unit="", status="active", notes="", teams=1, members=10)
    values.update(fields)
    if ward is None:
        ward = ward_of(db.session.get(Province, model.province_id))
    site = ReplicationSite(province_id=model.province_id, model_id=model.id, ward_id=ward.id, **values)
    db.session.add(site)
    db.session.flush()
    return site


@route_argument("model_id")
def _model_id(province: Province) -> int:
    return make_model(province).id


@route_argument("site_id")
def _site_id(province: Province) -> int:
    return make_site(make_model(province, name="Tổ liên gia tự quản", category="inter_family")).id


@route_argument("import_id")
def _import_id(province: Province) -> int:
    model = make_model(province, name="5 tự quản", category="self_management")
    pending = SiteImport(province_id=province.id, model_id=model.id, filename="sites.csv", file_format="csv",
                         status=IMPORT_READY, rows=[])
    db.session.add(pending)
    db.session.flush()
    return pending.id
