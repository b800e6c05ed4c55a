"""The sites panel of a model page: figures, and inline add, edit, pause, resume, end."""
from __future__ import annotations

import json

from datetime import date, timedelta

from sqlalchemy import select

from registry import clock
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import ENDED
from registry.replication.models import ReplicationSite
from registry.replication.wards import label
from registry.tenants.models import Ward
from tests.conftest import province
from tests.factories import make_model, make_site, ward_of

HTMX = {"HX-Request": "true"}


def _model(app, **fields) -> int:
    with app.app_context():
        model = make_model(province("quang-tri"), **fields)
        db.session.commit()
        return model.id


def _model_with_site(app) -> tuple[int, int]:
    with app.app_context():
        model = make_model(province("quang-tri"))
        site = make_site(model, members=10)
        db.session.commit()
        return model.id, site.id


def _sites(app) -> list[ReplicationSite]:
    with app.app_context():
        return db.session.scalars(select(ReplicationSite).order_by(ReplicationSite.id)).all()


def _ward(app, position=0):
    with app.app_context():
        ward = ward_of(province("quang-tri"), position)
        return ward.id, ward.name, label(ward)


def test_officer_adds_a_site_by_typing_the_ward_name_without_diacritics(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    ward_id, ward_name, _ = _ward(app, 3)
    typed = ward_name.split(" ", 1)[1]  # without "Xã"/"Phường"
    from registry.text import fold

    response = client.post(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX, data={
        "ward": fold(typed), "sub_unit": "Thôn Đông", "setting": "residential", "started_on": "2024-05-01",
        "teams": "2", "members": "25", "households": "140", "cameras": "12", "notes": "Lắp qua xã hội hoá",
    })
    assert response.status_code == 200
    assert 'id="sites-panel"' in response.text and "<html" not in response.text
    assert "Thôn Đông" in response.text
    [site] = _sites(app)
    assert (site.ward_id, site.households, site.cameras, site.started_on) == (ward_id, 140, 12, date(2024, 5, 1))
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "replication_site"))
        assert event.action == "site_added"
        assert event.changes["households"] == [None, 140]


def test_the_models_history_tells_a_site_change_in_words(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    ward_id, ward_name, ward_label = _ward(app, 2)
    client.post(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX,
                data={"ward": ward_label, "sub_unit": "Thôn Đông", "members": "25"})
    history = client.get(f"/p/quang-tri/models/{model_id}").text.split('class="history"')[1]
    assert f"Xã, phường: <del>—</del> → <ins>{ward_name}</ins>" in history
    assert "Thành viên: <del>—</del> → <ins>25</ins>" in history
    assert "ward_id" not in history and "model_id=" not in history
    assert "Ghi chú" not in history  # left empty: nothing changed that a reader would see


def test_bad_values_come_back_next_to_the_fields_keeping_what_was_typed(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = client.post(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX, data={
        "ward": "Khong co xa nay", "sub_unit": "Tổ 7", "started_on": tomorrow, "members": "-3",
    })
    assert response.status_code == 200
    assert "Khong co xa nay" in response.text and "Tổ 7" in response.text
    assert response.text.count('class="error"') >= 3
    assert _sites(app) == []


def test_a_unit_merged_in_2025_is_taken_as_the_ward_that_replaced_it(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    client.post(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX, data={"ward": "Thị trấn Ái Tử"})
    with app.app_context():
        assert db.session.scalars(select(Ward.name).join(ReplicationSite)).all() == ["Xã Triệu Phong"]


def test_an_old_unit_unknown_to_the_province_is_reported_as_no_longer_existing(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    response = client.post(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX,
                           data={"ward": "Thị trấn Cam Đức, huyện Cam Lâm"})
    assert "07/2025" in response.text
    assert _sites(app) == []


def test_an_old_commune_split_between_wards_asks_which_one(app, client, login_as):
    login_as("officer", "khanh-hoa")
    with app.app_context():
        model_id = make_model(province("khanh-hoa")).id
        db.session.commit()
    response = client.post(f"/p/khanh-hoa/models/{model_id}/sites", headers=HTMX,
                           data={"ward": "Xã Cam An Bắc, huyện Cam Lâm"})
    assert "Xã Cam An (" in response.text and "Xã Cam Lâm (" in response.text
    assert _sites(app) == []


def test_officer_edits_a_site_inline(app, client, login_as):
    login_as("officer")
    model_id, site_id = _model_with_site(app)
    version = _sites(app)[0].version
    _, _, ward_label = _ward(app)
    form = client.get(f"/p/quang-tri/models/{model_id}/sites/{site_id}/edit", headers=HTMX)
    assert f'id="site-{site_id}"' in form.text and 'name="version"' in form.text
    response = client.post(f"/p/quang-tri/models/{model_id}/sites/{site_id}", headers=HTMX, data={
        "ward": ward_label, "sub_unit": "Tổ dân phố 3", "members": "42", "version": str(version),
    })
    assert response.status_code == 200
    [site] = _sites(app)
    assert (site.members, site.sub_unit, site.version) == (42, "Tổ dân phố 3", version + 1)


def test_a_save_based_on_an_old_version_is_refused_and_shows_the_current_values(app, client, login_as):
    login_as("officer")
    model_id, site_id = _model_with_site(app)
    with app.app_context():
        site = db.session.get(ReplicationSite, site_id)
        site.members = 99  # someone else saved meanwhile
        db.session.commit()
    _, _, ward_label = _ward(app)
    response = client.post(f"/p/quang-tri/models/{model_id}/sites/{site_id}", headers=HTMX, data={
        "ward": ward_label, "members": "42", "version": "1",
    })
    assert 'role="alert"' in response.text and "99" in response.text
    assert 'value="42"' in response.text  # what the user typed is kept
    assert _sites(app)[0].members == 99


def test_pause_resume_and_end_a_site(app, client, login_as):
    login_as("officer")
    model_id, site_id = _model_with_site(app)
    url = f"/p/quang-tri/models/{model_id}/sites/{site_id}/status"
    for action, status in (("pause", "paused"), ("resume", "active"), ("end", "ended")):
        version = _sites(app)[0].version
        assert client.post(url, headers=HTMX, data={"action": action, "version": version}).status_code == 200
        assert _sites(app)[0].status == status
    assert client.post(url, headers=HTMX, data={"action": "resume"}).status_code == 409
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["site_paused", "site_resumed", "site_ended"]


def test_figures_count_active_sites_wards_reached_and_province_coverage(app, client, login_as):
    login_as("viewer")
    with app.app_context():
        quang_tri = province("quang-tri")
        cameras, groups = make_model(quang_tri), make_model(quang_tri, name="Tổ liên gia", category="inter_family")
        first, second, third = (ward_of(quang_tri, n) for n in range(3))
        make_site(cameras, first)
        make_site(cameras, first, sub_unit="Thôn 2")
        make_site(cameras, second, status="paused")
        make_site(groups, third)
        make_site(groups, second, status="ended")
        db.session.commit()
        model_id, wards_total = cameras.id, len(quang_tri.wards)
    response = client.get(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX)
    figures = [cell.split("</dd>")[0] for cell in response.text.split("<dd>")[1:4]]
    assert figures[0] == "2" and figures[1] == "1"  # two active sites, both in the first ward
    with app.app_context():
        from registry.figures.queries import coverage as province_coverage

        coverage = province_coverage(province("quang-tri").id)
    assert (coverage.wards_covered, coverage.wards_total) == (2, wards_total)
    assert f"{coverage.share * 100:.1f}".replace(".", ",") + "%" in response.text


def test_the_panel_is_a_full_page_when_opened_directly(app, client, login_as):
    login_as("viewer")
    model_id = _model(app)
    response = client.get(f"/p/quang-tri/models/{model_id}/sites")
    assert response.status_code == 200 and "<html" in response.text and 'id="sites-panel"' in response.text


def test_viewer_sees_sites_but_may_not_change_them(app, client, login_as):
    login_as("viewer")
    model_id = _model(app)
    page = client.get(f"/p/quang-tri/models/{model_id}/sites")
    assert f'hx-post="/p/quang-tri/models/{model_id}/sites"' not in page.text
    _, _, ward_label = _ward(app)
    assert client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": ward_label}).status_code == 403
    assert client.get(f"/p/quang-tri/models/{model_id}/sites/import").status_code == 403
    assert _sites(app) == []


def test_an_ended_model_accepts_no_new_sites(app, client, login_as):
    login_as("officer")
    model_id = _model(app, status=ENDED)
    _, _, ward_label = _ward(app)
    assert client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": ward_label}).status_code == 409
    assert _sites(app) == []


def test_ward_picker_suggests_the_province_wards_as_you_type(app, client, login_as):
    login_as("officer")
    _, ward_name, _label = _ward(app, 5)
    from registry.text import fold

    response = client.get("/p/quang-tri/ward-options", query_string={"field": "ward", "ward_q": fold(ward_name)},
                          headers=HTMX)
    assert f'data-name="{ward_name}"' in response.text


def test_site_changes_show_in_the_model_history(app, client, login_as):
    login_as("officer")
    model_id, site_id = _model_with_site(app)
    version = _sites(app)[0].version
    client.post(f"/p/quang-tri/models/{model_id}/sites/{site_id}/status", headers=HTMX,
                data={"action": "pause", "version": version})
    with app.test_request_context():
        from registry.movement.history import model_history
        from registry.tenants.scoping import enter_province

        enter_province(province("quang-tri").id)
        [entry] = [e for e in model_history(model_id) if e.event.entity_type == "replication_site"]
        assert (entry.event.action, entry.action) == ("site_paused", "đã tạm dừng")


def test_the_panel_shows_fifty_sites_a_page_and_the_one_being_edited_wherever_it_is(app, client, login_as):
    from registry.replication.routes import PANEL_PAGE

    login_as("officer")
    with app.app_context():
        model = make_model(province("quang-tri"))
        sites = [make_site(model, sub_unit=f"Tổ dân phố {number:03d}") for number in range(PANEL_PAGE + 1)]
        db.session.commit()
        model_id, last = model.id, sites[-1].id
    first = client.get(f"/p/quang-tri/models/{model_id}/sites", headers=HTMX).text
    assert "Tổ dân phố 000" in first and f"Tổ dân phố {PANEL_PAGE:03d}" not in first
    assert "Trang 1/2" in first
    second = client.get(f"/p/quang-tri/models/{model_id}/sites?page=2", headers=HTMX).text
    assert f"Tổ dân phố {PANEL_PAGE:03d}" in second and "Tổ dân phố 000" not in second
    editing = client.get(f"/p/quang-tri/models/{model_id}/sites/{last}/edit", headers=HTMX).text
    assert f'id="site-{last}" class="site-row--editing"' in editing


def test_the_kept_province_coverage_follows_every_change_of_sites(app, client, login_as):
    from registry.figures.queries import coverage as province_coverage

    login_as("officer")
    model_id = _model(app)
    ward_id, _name, ward_label = _ward(app, 0)

    def covered() -> int:
        with app.app_context():
            from registry.tenants.scoping import national_scope

            with app.test_request_context(), national_scope():
                return province_coverage(province("quang-tri").id).wards_covered

    assert covered() == 0
    client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": ward_label, "status": "active"}, headers=HTMX)
    assert covered() == 1
    [site] = _sites(app)
    client.post(f"/p/quang-tri/models/{model_id}/sites/{site.id}/status", data={"action": "pause", "version": "1"},
                headers=HTMX)
    assert covered() == 0


def test_a_site_added_is_said_once(app, client, login_as):
    """The panel repeated the message that the page's live region shows already."""
    login_as("officer")
    model_id = _model(app)
    _, _, ward_label = _ward(app, 2)
    response = client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": ward_label}, headers=HTMX)
    assert response.text.count("Đã thêm điểm nhân rộng.") == 0
    assert json.loads(response.headers["HX-Trigger"])["registry:message"]["messages"] == [
        {"text": "Đã thêm điểm nhân rộng.", "category": "success"}]
    page = client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": _ward(app, 3)[2]}, follow_redirects=True)
    assert page.text.count("Đã thêm điểm nhân rộng.") == 1


def test_export_buttons_show_only_when_there_is_something_to_export(app, client, login_as):
    login_as("officer")
    model_id = _model(app)
    assert "Xuất ra Excel" not in client.get(f"/p/quang-tri/models/{model_id}/sites").text
    assert "Xuất ra Excel" not in client.get("/p/quang-tri/sites").text
    assert "Xuất danh sách này" in client.get("/p/quang-tri/models/").text  # one model
    assert "Xuất danh sách này" not in client.get("/p/quang-tri/models/", query_string={"q": "khong co"}).text
    client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": _ward(app, 2)[2]})
    assert "Xuất ra Excel" in client.get(f"/p/quang-tri/models/{model_id}/sites").text
    assert "Xuất ra Excel" in client.get("/p/quang-tri/sites").text


def test_the_panel_has_one_action_form_per_table_and_one_menu_per_row(app, client, login_as):
    """A model in hundreds of places: one form for the whole table, each row's actions in a menu
    whose buttons submit that form to their site's address (with the version they saw)."""
    login_as("officer")
    with app.app_context():
        model = make_model(province("quang-tri"))
        sites = [make_site(model, ward=ward_of(province("quang-tri"), n)) for n in range(3)]
        db.session.commit()
        model_id, first = model.id, sites[0].id
    page = client.get(f"/p/quang-tri/models/{model_id}/sites").text
    table = page[page.index('id="site-moves"') - 40:page.index("</table>")]
    assert table.count("<form") == 1
    assert page.count('<details class="row-actions">') == 3
    assert page.count('form="site-moves"') >= 6  # pause and end for each active site
    move = f"/p/quang-tri/models/{model_id}/sites/{first}/status?version=1"
    assert f'formaction="{move}"' in page
    client.post(move, data={"action": "pause"}, headers=HTMX)
    assert [site.status for site in _sites(app)][0] == "paused"
