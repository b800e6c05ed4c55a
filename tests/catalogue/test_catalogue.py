"""The national catalogue: recognised models, the national roll-up, and adoption."""
from __future__ import annotations

import re

from sqlalchemy import event, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from tests.factories import make_model, make_site, province, wards_of


def _recognised(name, slug="quang-tri", year=2025, reference="1234/QĐ-BCA-V05", **fields):
    model = make_model(province(slug), name=name, **fields)
    model.recognised_year, model.recognition_reference = year, reference
    db.session.flush()
    return model


def _adoption(source, slug, sites=0, paused=0, status="active"):
    copy = make_model(province(slug), name=source.name, status=status, source_model_id=source.id)
    for ward in wards_of(province(slug), sites + paused)[:sites]:
        make_site(copy, ward)
    for ward in wards_of(province(slug), sites + paused)[sites:]:
        make_site(copy, ward, status="paused")
    return copy


def _known_data_set(app):
    """Camera an ninh (Quảng Trị, 2 own sites) adopted by Lâm Đồng (3 sites + 1 paused) and Phú Thọ
    (1 site) and once more, ended, by Sơn La; Tổ liên gia (Lâm Đồng) not adopted; one unrecognised model."""
    with app.app_context():
        cameras = _recognised("Camera an ninh", category="cameras")
        for ward in wards_of(province("quang-tri"), 2):
            make_site(cameras, ward)
        _adoption(cameras, "lam-dong", sites=3, paused=1)
        _adoption(cameras, "phu-tho", sites=1)
        _adoption(cameras, "son-la", sites=2, status="ended")
        groups = _recognised("Tổ liên gia tự quản", slug="lam-dong", year=2024, reference="88/QĐ-BCA",
                             category="inter_family", target_setting="residential")
        make_model(province("quang-tri"), name="Mô hình chưa công nhận")
        db.session.commit()
        return cameras.id, groups.id


def test_the_catalogue_shows_recognised_models_with_the_national_rollup(app, client, login_as):
    cameras, groups = _known_data_set(app)
    login_as("viewer", "khanh-hoa")
    page = client.get("/catalogue/").get_data(as_text=True)
    assert "Camera an ninh" in page and "Tổ liên gia tự quản" in page and "Mô hình chưa công nhận" not in page
    assert "1234/QĐ-BCA-V05" in page and "2025" in page
    assert 'data-adopters="2"' in page and 'data-sites="4"' in page
    assert 'data-adopters="0"' in page


def test_the_rollup_figures_on_a_known_data_set(app):
    cameras, groups = _known_data_set(app)
    with app.app_context():
        from registry.catalogue.queries import rollups

        figures = rollups([cameras, groups])
        assert (figures[cameras].own_sites, figures[cameras].adopting_provinces, figures[cameras].adopted_sites) == (2, 2, 4)
        assert figures[cameras].national_sites == 6
        assert (figures[groups].adopting_provinces, figures[groups].adopted_sites) == (0, 0)


def test_the_catalogue_takes_the_same_number_of_queries_for_more_entries(app, client, login_as):
    _known_data_set(app)
    login_as("officer", "khanh-hoa")

    def count_queries():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get("/catalogue/").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = count_queries()
    with app.app_context():
        for number in range(5):
            source = _recognised(f"Mô hình số {number}", slug="thanh-hoa")
            _adoption(source, "da-nang", sites=1)
        db.session.commit()
    assert count_queries() == few


def _without_filters(page: str) -> str:
    """The page less its filter menus, whose labels may repeat a model's name."""
    return re.sub(r"<select.*?</select>", "", page, flags=re.S)


def test_search_ignores_diacritics_and_filters_by_category_and_setting(app, client, login_as):
    _known_data_set(app)
    login_as("viewer", "khanh-hoa")
    found = _without_filters(client.get("/catalogue/?q=to+lien+gia").get_data(as_text=True))
    assert "Tổ liên gia tự quản" in found and "Camera an ninh" not in found
    by_category = _without_filters(
        client.get("/catalogue/?category=cameras", headers={"HX-Request": "true"}).get_data(as_text=True))
    assert "Camera an ninh" in by_category and "Tổ liên gia" not in by_category and "<html" not in by_category
    assert "Camera an ninh" not in _without_filters(client.get("/catalogue/?setting=school").get_data(as_text=True))


def test_anonymous_users_are_sent_to_sign_in_and_ministry_users_read_it(app, client, login_as):
    cameras, _ = _known_data_set(app)
    assert "/login" in client.get("/catalogue/").headers["Location"]
    assert "/login" in client.get(f"/catalogue/{cameras}").headers["Location"]
    login_as("ministry_reviewer", None)
    page = client.get(f"/catalogue/{cameras}").get_data(as_text=True)
    assert "Camera an ninh" in page and 'id="adopt"' not in page
    assert client.post(f"/catalogue/{cameras}/adopt", data={"province": 1}).status_code == 403


def test_an_unrecognised_model_is_not_in_the_catalogue(app, client, login_as):
    with app.app_context():
        model_id = make_model(province("quang-tri")).id
        db.session.commit()
    login_as("officer", "khanh-hoa")
    assert client.get(f"/catalogue/{model_id}").status_code == 404


def test_an_officer_adopts_a_linked_draft_into_their_own_province_only(app, client, login_as):
    cameras, _ = _known_data_set(app)
    officer = login_as("officer", "khanh-hoa")
    with app.app_context():
        khanh_hoa, quang_tri = province("khanh-hoa").id, province("quang-tri").id
    refused = client.post(f"/catalogue/{cameras}/adopt", data={"province": quang_tri})
    assert refused.status_code == 200 and 'id="province-error"' in refused.get_data(as_text=True)
    response = client.post(f"/catalogue/{cameras}/adopt", data={"province": khanh_hoa})
    assert response.status_code == 302 and response.headers["Location"].startswith("/p/khanh-hoa/")
    with app.app_context():
        copies = db.session.scalars(select(MovementModel).where(MovementModel.province_id == khanh_hoa)).all()
        assert len(copies) == 1
        copy, source = copies[0], db.session.get(MovementModel, cameras)
        assert (copy.source_model_id, copy.status, copy.created_by_id) == (cameras, "draft", officer.id)
        assert (copy.name, copy.summary, copy.category, copy.target_setting) == (
            source.name, source.summary, source.category, source.target_setting)
        assert copy.recognised_year is None
        assert not db.session.scalars(select(MovementModel).where(
            MovementModel.province_id == quang_tri, MovementModel.source_model_id == cameras)).all()
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "model.adopted")).province_id == khanh_hoa
    again = client.post(f"/catalogue/{cameras}/adopt", data={"province": khanh_hoa}, follow_redirects=True)
    assert "flash--error" in again.get_data(as_text=True)


def test_a_viewer_cannot_adopt(app, client, login_as):
    cameras, _ = _known_data_set(app)
    login_as("viewer", "khanh-hoa")
    assert client.post(f"/catalogue/{cameras}/adopt", data={"province": 1}).status_code == 403


def test_the_province_of_origin_cannot_adopt_its_own_model(app, client, login_as):
    cameras, _ = _known_data_set(app)
    login_as("province_admin", "quang-tri")
    with app.app_context():
        quang_tri = province("quang-tri").id
    response = client.post(f"/catalogue/{cameras}/adopt", data={"province": quang_tri}, follow_redirects=True)
    assert "flash--error" in response.get_data(as_text=True)
