"""Registering, reading and editing a model; viewers read only; other provinces see nothing."""
from __future__ import annotations

from sqlalchemy import select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import DRAFT, MovementModel
from tests.conftest import province
from tests.movement.conftest import model_url
from tests.movement.factories import first_ward

NEW = "/p/quang-tri/models/new"


def _form(**values) -> dict:
    data = {"name": "Camera an ninh", "category": "cameras", "target_setting": "residential",
            "review_interval_months": "6", "summary": "", "host_organisation": "Công an xã", "tags": "camera, an ninh"}
    data.update(values)
    return data


def test_officer_registers_a_draft_model_with_its_origin_ward(app, client, login_as):
    login_as("officer")
    with app.app_context():
        ward = first_ward(province("quang-tri"))
        ward_id, ward_name = ward.id, ward.name
    response = client.post(NEW, data=_form(origin_ward_id=str(ward_id), launched_on="2024-05-01"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Camera an ninh" in page.text and ward_name in page.text
    with app.app_context():
        model = db.session.scalar(select(MovementModel))
        assert (model.status, model.origin_ward_id, model.name_folded, model.version) == (DRAFT, ward_id, "camera an ninh", 1)
        assert model.next_review_due_on is None  # a draft is not due; its reviews count from activation
        event = db.session.scalar(select(AuditEvent))
        assert event.action == "create" and event.changes["name"] == [None, "Camera an ninh"]


def test_invalid_form_keeps_what_was_typed_and_explains_in_vietnamese(app, client, login_as):
    login_as("officer")
    response = client.post(NEW, data=_form(name="", category="nope", review_interval_months="0",
                                           summary="Lắp camera ở các ngõ", launched_on="2999-01-01"),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text  # only the form block
    assert "Nhập tên mô hình." in response.text
    assert "Từ 1 đến 60 tháng." in response.text
    assert "Ngày triển khai không thể ở tương lai." in response.text
    assert "Lắp camera ở các ngõ" in response.text
    with app.app_context():
        assert db.session.scalar(select(MovementModel)) is None


def test_new_model_form_asks_for_similar_models_while_the_name_is_typed(client, login_as):
    login_as("officer")
    page = client.get(NEW).text
    assert 'hx-get="/p/quang-tri/models/similar"' in page and 'id="similar"' in page
    assert 'name="origin_ward_id_q"' in page and 'name="review_interval_months"' in page


def test_a_save_without_a_version_is_never_taken_as_current(app, client, login_as, make_model):
    model_id = make_model(name="Camera an ninh")
    login_as("officer")
    for version in ("", "abc"):
        response = client.post(model_url(model_id, "/edit"), data=_form(name="Ghi đè", version=version))
        assert response.status_code == 200 and "Có người đã lưu mô hình này" in response.text
    with app.app_context():
        assert db.session.get(MovementModel, model_id).name == "Camera an ninh"


def test_origin_ward_of_another_province_is_refused(app, client, login_as):
    login_as("officer")
    with app.app_context():
        foreign = first_ward(province("lam-dong")).id
    response = client.post(NEW, data=_form(origin_ward_id=str(foreign)))
    assert response.status_code == 200 and "Chọn một xã, phường của tỉnh này." in response.text


def test_edit_saves_every_field_and_records_what_changed(app, client, login_as, make_model):
    model_id = make_model(name="Camera an ninh")
    login_as("officer")
    form = client.get(model_url(model_id, "/edit"))
    assert 'name="version" type="hidden" value="1"' in form.text
    response = client.post(model_url(model_id, "/edit"), data=_form(
        name="Camera an ninh khu dân cư", version="1", review_interval_months="12", objectives="Giảm trộm cắp",
        launched_on="2024-03-01"))
    assert response.status_code == 302
    with app.app_context():
        model = db.session.get(MovementModel, model_id)
        assert (model.name, model.review_interval_months, model.version) == ("Camera an ninh khu dân cư", 12, 2)
        assert model.next_review_due_on.isoformat() == "2025-03-01"
    page = client.get(model_url(model_id))
    assert "Camera an ninh khu dân cư" in page.text and "Giảm trộm cắp" in page.text
    assert "12" in page.text and "Lịch sử" in page.text


def test_second_save_on_an_old_version_is_refused_and_shows_what_changed(app, client, login_as, make_model):
    model_id = make_model(name="Camera an ninh", host_organisation="Công an xã")
    login_as("officer")
    first = client.post(model_url(model_id, "/edit"), data=_form(name="Camera an ninh", version="1",
                                                                  host_organisation="Đoàn thanh niên"))
    assert first.status_code == 302
    second = client.post(model_url(model_id, "/edit"), data=_form(name="Camera giám sát", version="1",
                                                                   host_organisation="Công an xã"))
    assert second.status_code == 200
    assert "Đoàn thanh niên" in second.text  # what the other person saved
    assert "Camera giám sát" in second.text  # what this officer typed is kept
    assert 'name="version" type="hidden" value="2"' in second.text
    with app.app_context():
        model = db.session.get(MovementModel, model_id)
        assert (model.name, model.host_organisation, model.version) == ("Camera an ninh", "Đoàn thanh niên", 2)


def test_viewer_reads_but_gets_403_on_every_change(app, client, login_as, make_model):
    model_id = make_model()
    login_as("viewer")
    assert client.get(model_url(model_id)).status_code == 200
    assert model_url(model_id, "/edit") not in client.get(model_url(model_id)).text
    for method, url in [("get", NEW), ("post", NEW), ("get", model_url(model_id, "/edit")),
                        ("post", model_url(model_id, "/edit")), ("post", model_url(model_id, "/status")),
                        ("post", model_url(model_id, "/attachments"))]:
        assert getattr(client, method)(url, data=_form()).status_code == 403, url


def test_officer_of_another_province_gets_404_on_a_model(client, login_as, make_model):
    model_id = make_model("quang-tri")
    login_as("officer", "lam-dong")
    for url in (model_url(model_id), model_url(model_id, "/edit"), model_url(model_id, slug="lam-dong"),
                model_url(model_id, "/edit", slug="lam-dong")):
        assert client.get(url).status_code == 404, url
    assert client.post(model_url(model_id, "/edit", slug="lam-dong"), data=_form(version="1")).status_code == 404


PANELS = ("province.replication.model_sites", "province.reviews.model_panel", "province.nominations.model_panel")


def test_model_page_lazy_loads_the_panels_of_the_areas_that_exist(app, client, login_as, make_model):
    from flask import url_for

    model_id = make_model()
    login_as("officer")
    page = client.get(model_url(model_id)).text
    with app.test_request_context():
        for endpoint in PANELS:
            if endpoint in app.view_functions:
                url = url_for(endpoint, province="quang-tri", model_id=model_id)
                assert f'hx-get="{url}" hx-trigger="load"' in page
    assert page.count('hx-trigger="load"') == sum(endpoint in app.view_functions for endpoint in PANELS)


def test_history_shows_changes_to_the_model_its_files_and_its_sites(app, client, login_as, make_model):
    from registry.movement.history import model_history, record_for_model
    from registry.replication.models import ReplicationSite

    model_id = make_model(name="Camera an ninh")
    login_as("officer")
    client.post(model_url(model_id, "/edit"), data=_form(name="Camera an ninh tổ dân phố", version="1",
                                                         category="self_management"))
    with app.test_request_context():
        qt = province("quang-tri")
        site = ReplicationSite(province_id=qt.id, model_id=model_id, ward_id=first_ward(qt).id)
        db.session.add(site)
        db.session.flush()
        record_for_model("create", site, model_id, {"sub_unit": [None, "Tổ dân phố 3"]})
        other = MovementModel(province_id=qt.id, name="Khác", name_folded="khac", category="other",
                              target_setting="market")
        db.session.add(other)
        db.session.flush()
        record_for_model("create", other, other.id + 1000)  # not a child entity type: ignored
        db.session.commit()
        from flask import g

        g.tenant_scope = qt.id
        entries = model_history(model_id)
    assert [(e.event.entity_type, e.event.action) for e in entries] == [
        ("replication_site", "create"), ("movement_model", "update")]
    page = client.get(model_url(model_id)).text
    assert "Camera an ninh tổ dân phố" in page and "Tổ dân phố 3" in page
    assert "<del>Camera an ninh</del> → <ins>Camera an ninh tổ dân phố</ins>" in page
    assert "<del>Camera an ninh</del> → <ins>Tự quản</ins>" in page  # codes shown by their labels


def test_similar_models_of_the_province_and_the_national_catalogue_show_while_typing(client, login_as, make_model):
    make_model("quang-tri", "Mô hình 5 tự quản")
    make_model("lam-dong", "Khu dân cư tự quản về an ninh trật tự", recognised_year=2023)
    make_model("lam-dong", "Tổ tự quản chưa được công nhận")
    login_as("officer")
    response = client.get("/p/quang-tri/models/similar?name=tu+quan", headers={"HX-Request": "true"})
    assert "Mô hình 5 tự quản" in response.text
    assert "Khu dân cư tự quản về an ninh trật tự" in response.text and "Lâm Đồng" in response.text
    assert "chưa được công nhận" not in response.text


def test_ward_picker_finds_wards_of_the_province_without_diacritics(app, client, login_as):
    login_as("officer")
    with app.app_context():
        ward = first_ward(province("quang-tri"))
        query = ward.name_folded.split()[-1]
    response = client.get(f"/p/quang-tri/ward-options?field=origin_ward_id&origin_ward_id_q={query}",
                          headers={"HX-Request": "true"})
    assert response.status_code == 200 and f'data-name="{ward.name}"' in response.text
    assert f'data-value="{ward.id}"' in response.text and 'role="option"' in response.text
