"""The one ward picker: its type-ahead finds today's names without diacritics and pre-2025
names; what is sent without a choice is read (one ward taken, ambiguous or unknown refused with
the text kept), and a mapped former name is said. The same on both engines."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication import ward_picker
from registry.tenants.models import Ward
from tests.factories import make_model, province

HTMX = {"HX-Request": "true"}


def _options(client, typed: str, field: str = "origin_ward_id") -> str:
    response = client.get("/p/quang-tri/ward-options", query_string={"field": field, f"{field}_q": typed},
                          headers=HTMX)
    assert response.status_code == 200
    return response.text


def _ward(app, name: str) -> Ward:
    with app.app_context():
        ward = db.session.scalar(select(Ward).where(Ward.name == name))
        db.session.expunge(ward)
        return ward


@pytest.mark.parametrize("typed", ["dong ha", "Đông Hà", "DONG HA", "phuong dong ha"])
def test_type_ahead_finds_a_ward_with_or_without_diacritics(app, client, login_as, typed):
    login_as("officer")
    assert 'data-name="Phường Đông Hà"' in _options(client, typed)


def test_type_ahead_finds_a_ward_by_its_pre_2025_name_and_says_so(app, client, login_as):
    login_as("officer")
    html = _options(client, "Hồ Xá")
    vinh_linh = _ward(app, "Xã Vĩnh Linh")
    assert f'data-value="{vinh_linh.id}"' in html
    assert "Xã Vĩnh Linh <span class=\"ward-picker__former\">(trước đây Thị trấn Hồ Xá)</span>" in html
    assert "“Thị trấn Hồ Xá” không còn từ 07/2025: nay thuộc Xã Vĩnh Linh." in html
    assert "Xã Vĩnh Linh" in _options(client, "ho xa")  # diacritics aside there too


def test_type_ahead_says_when_nothing_matches_and_when_to_type_more(app, client, login_as):
    login_as("officer")
    nothing = _options(client, "khong co xa nay")
    assert 'role="option"' not in nothing and "Không có xã, phường nào khớp với “khong co xa nay”" in nothing
    many = _options(client, "a")
    assert many.count('role="option"') == ward_picker.OPTIONS and "gõ thêm tên để thu hẹp danh sách" in many


@pytest.mark.parametrize("chosen, typed", [
    ("<id>", "Phường Đông Hà"),  # a choice from the list
    ("", "dong ha"),  # typed and gone on: the model form used to save no ward then
])
def test_a_choice_or_a_name_that_names_one_ward_is_saved(app, client, login_as, chosen, typed):
    login_as("officer")
    ward = _ward(app, "Phường Đông Hà")
    response = client.post("/p/quang-tri/models/new", data={
        "name": "Camera an ninh", "category": "cameras", "target_setting": "residential", "review_interval_months": "6",
        "origin_ward_id": chosen.replace("<id>", str(ward.id)), "origin_ward_id_q": typed})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(MovementModel.origin_ward_id)) == ward.id


def test_a_former_name_typed_is_mapped_and_the_officer_is_told(app, client, login_as):
    login_as("officer")
    vinh_linh = _ward(app, "Xã Vĩnh Linh")
    with app.app_context():
        model_id = make_model("quang-tri").id
        db.session.commit()
    response = client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": "", "ward_q": "Thị trấn Hồ Xá"},
                           follow_redirects=True)
    assert "“Thị trấn Hồ Xá” không còn từ 07/2025: nay thuộc Xã Vĩnh Linh." in response.text
    with app.app_context():
        from registry.replication.models import ReplicationSite

        assert db.session.scalar(select(ReplicationSite.ward_id)) == vinh_linh.id


@pytest.mark.parametrize("typed, message", [
    ("linh", "“linh” khớp với nhiều xã, phường ("),
    ("khong co xa nay", "Quảng Trị không có xã, phường nào tên “khong co xa nay”."),
    ("<a ward of Lâm Đồng>", "là xã, phường của Lâm Đồng, không thuộc Quảng Trị."),
])
def test_ambiguous_unknown_or_foreign_names_are_refused_naming_the_problem_and_kept(app, client, login_as, typed,
                                                                                 message):
    login_as("officer")
    if typed == "<a ward of Lâm Đồng>":
        with app.app_context():
            typed = db.session.scalar(select(Ward.name).join(Ward.province).where(province("lam-dong").id == Ward.province_id)
                                      .order_by(Ward.code))
    response = client.post("/p/quang-tri/models/new", data={
        "name": "Camera an ninh", "category": "cameras", "target_setting": "residential", "review_interval_months": "6",
        "origin_ward_id": "", "origin_ward_id_q": typed})
    assert response.status_code == 200
    assert message in response.text and f'value="{typed}"' in response.text
    with app.app_context():
        assert db.session.scalar(select(MovementModel.id)) is None


def test_the_lists_filter_by_a_typed_ward_name_as_the_forms_read_it(app, client, login_as):
    login_as("officer")
    dong_ha = _ward(app, "Phường Đông Hà")
    with app.app_context():
        make_model("quang-tri", "Camera Đông Hà", origin_ward_id=dong_ha.id)
        make_model("quang-tri", "Mô hình khác")
        db.session.commit()
    listed = client.get("/p/quang-tri/models/", query_string={"ward_q": "dong ha"}).text
    assert "Camera Đông Hà" in listed and "Mô hình khác" not in listed
    refused = client.get("/p/quang-tri/models/", query_string={"ward_q": "linh"}).text
    assert "khớp với nhiều xã, phường" in refused and "Camera Đông Hà" not in refused
    board = client.get("/p/quang-tri/reviews/", query_string={"ward_q": "khong co xa nay"}).text
    assert "không có xã, phường nào tên “khong co xa nay”" in board


def test_one_picker_on_every_form_and_filter(app, client, login_as):
    login_as("officer")
    with app.app_context():
        model_id = make_model(province("quang-tri")).id
        db.session.commit()
    for path, name in [("/p/quang-tri/models/new", "origin_ward_id"), ("/p/quang-tri/models/", "ward"),
                       ("/p/quang-tri/sites", "ward"), ("/p/quang-tri/reviews/", "ward"),
                       (f"/p/quang-tri/models/{model_id}/sites", "ward")]:
        page = client.get(path).text
        assert f'id="{name}-q" name="{name}_q"' in page and 'role="combobox"' in page, path
        assert f'aria-controls="{name}-listbox"' in page and "data-ward-picker" in page, path


def test_numbers_too_large_for_any_ward_never_reach_the_database(app, client, login_as):
    login_as("officer")
    huge = "9" * 30
    assert client.get("/p/quang-tri/reviews/", query_string={"ward": huge}).status_code == 400
    assert client.get("/p/quang-tri/models/", query_string={"ward": huge}).status_code == 400
    sites = client.get("/p/quang-tri/sites", query_string={"ward": huge})  # a "code" typed: no such ward
    assert sites.status_code == 200 and "không có xã, phường nào tên" in sites.text
    form = client.post("/p/quang-tri/models/new", data={
        "name": "Camera an ninh", "category": "cameras", "target_setting": "residential", "review_interval_months": "6",
        "origin_ward_id": huge, "origin_ward_id_q": ""})
    assert form.status_code == 200 and "Chọn một xã, phường của tỉnh này." in form.text
