"""Each transaction that writes a province's rows raises that province's data version, and
only then (registry.versioning)."""
from __future__ import annotations

from sqlalchemy import select, update

from registry import versioning
from registry.accounts.models import User
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication.service import add_sites
from registry.tenants.models import Province
from tests.factories import make_model, province, ward_of


def _versions() -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(select(Province.slug, Province.data_version)).all())


def test_a_committed_model_raises_its_province_only(app_ctx):
    before = _versions()
    make_model("quang-tri")
    db.session.commit()
    after = _versions()
    assert after["quang-tri"] == before["quang-tri"] + 1
    assert {slug: v for slug, v in after.items() if slug != "quang-tri"} == {
        slug: v for slug, v in before.items() if slug != "quang-tri"}


def test_a_rolled_back_change_raises_nothing(app_ctx):
    before = _versions()
    make_model("quang-tri")
    db.session.flush()
    db.session.rollback()
    assert _versions() == before


def test_sites_written_in_bulk_raise_their_province(app_ctx):
    model = make_model("lam-dong")
    db.session.commit()
    before = _versions()
    add_sites(model, [{"ward_id": ward_of(province("lam-dong")).id}])
    db.session.commit()
    assert _versions()["lam-dong"] == before["lam-dong"] + 1 and _versions()["quang-tri"] == before["quang-tri"]


def test_a_bulk_update_outside_any_province_raises_every_province(app_ctx):
    make_model("quang-tri")
    db.session.commit()
    before = _versions()
    db.session.execute(update(MovementModel).values(summary="…"))
    db.session.commit()
    assert all(_versions()[slug] == version + 1 for slug, version in before.items())


def test_a_renamed_user_raises_every_province_and_a_code_accepted_none(app_ctx, make_user):
    user_id = make_user("officer").id
    before = _versions()
    db.session.get(User, user_id).totp_last_step = 1
    db.session.commit()
    assert _versions() == before
    db.session.get(User, user_id).name = "Nguyễn Văn An"
    db.session.commit()
    assert all(_versions()[slug] == version + 1 for slug, version in before.items())


def test_every_table_with_a_province_is_named_versioned_or_not(app_ctx):
    """A new province table must be put in one of versioning's two lists: kept pages showing
    its rows would otherwise be served after a change to them."""
    with_province = {table.name for table in db.metadata.sorted_tables if "province_id" in table.c} | {"ward"}
    assert versioning.VERSIONED_TABLES | versioning.UNVERSIONED_TABLES == with_province
    assert not versioning.VERSIONED_TABLES & versioning.UNVERSIONED_TABLES
