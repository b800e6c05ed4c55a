"""Bulk UPDATE and DELETE statements are scoped like reads: inside a province they cannot reach
another province's rows; with no scope chosen they reach none; the system (commands, jobs) and
the ministry's national scope reach every province."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite
from registry.tenants.scoping import enter_province, national_scope
from tests.conftest import province
from tests.factories import make_model, make_site


def _two_provinces(app) -> None:
    with app.app_context():
        for slug in ("quang-tri", "lam-dong"):
            make_site(make_model(slug, f"Camera an ninh {slug}"))
        db.session.commit()


def _names(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(MovementModel.name, MovementModel.summary)).all())


def test_a_bulk_update_or_delete_in_one_province_leaves_the_others_alone(app):
    _two_provinces(app)
    with app.test_request_context("/p/quang-tri/"):
        enter_province(province("quang-tri").id)
        changed = db.session.execute(update(MovementModel).values(summary="đã sửa")).rowcount
        removed = db.session.execute(delete(ReplicationSite)).rowcount
        db.session.commit()
    assert (changed, removed) == (1, 1)
    assert _names(app) == {"Camera an ninh quang-tri": "đã sửa", "Camera an ninh lam-dong": ""}
    with app.app_context():
        [left] = db.session.scalars(select(ReplicationSite)).all()
        assert left.province_id == province("lam-dong").id


def test_a_request_that_chose_no_province_changes_nothing(app):
    _two_provinces(app)
    with app.test_request_context("/notifications"):
        assert db.session.execute(update(MovementModel).values(summary="x")).rowcount == 0
        assert db.session.execute(delete(ReplicationSite)).rowcount == 0
        db.session.commit()
    assert set(_names(app).values()) == {""}


def test_the_national_scope_and_the_system_reach_every_province(app):
    _two_provinces(app)
    with app.test_request_context("/ministry/"), national_scope():
        assert db.session.execute(update(MovementModel).values(summary="toàn quốc")).rowcount == 2
        db.session.commit()
    with app.app_context():  # a command or a job
        assert db.session.execute(delete(ReplicationSite)).rowcount == 2
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(ReplicationSite)) == 0
