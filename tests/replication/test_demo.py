"""Demo sites: real wards of the model's province, realistic counts, idempotent."""
from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.replication import demo
from registry.replication.models import ReplicationSite
from registry.tenants.models import Province, Ward
from tests.conftest import province
from tests.factories import make_model


def test_demo_sites_are_added_once_to_the_demo_models(app_ctx):
    quang_tri = province("quang-tri")
    cameras = make_model(quang_tri)
    make_model(quang_tri, name="Nháp", status="draft")
    db.session.commit()
    provinces = {p.slug: p for p in db.session.scalars(select(Province))}
    assert list(demo.seed(provinces))
    db.session.commit()
    sites = db.session.scalars(select(ReplicationSite)).all()
    assert 6 <= len(sites) <= 24 and {site.model_id for site in sites} == {cameras.id}
    wards = {ward.id for ward in db.session.scalars(select(Ward).where(Ward.province_id == quang_tri.id))}
    assert all(site.ward_id in wards and site.cameras and site.sub_unit for site in sites)
    assert list(demo.seed(provinces)) == []
    assert db.session.scalar(select(func.count(ReplicationSite.id))) == len(sites)
