"""Sites in bulk through the API, with the spreadsheet import's rules and messages: new rows and
changed sites in one request, a verdict per row, a dry run, all-or-nothing on request; and the
round trip an integrator makes: a model and 500 sites, read back on the model page."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from registry.extensions import db
from registry.replication.models import ReplicationSite
from tests.api.factories import caller
from tests.factories import make_model, make_site, province, wards_of


def _model(app, status: str = "active") -> int:
    with app.app_context():
        model_id = make_model("quang-tri", "Camera an ninh", status=status).id
        db.session.commit()
        return model_id


def _sites(app, model_id: int) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(ReplicationSite.sub_unit, ReplicationSite.teams, ReplicationSite.status)
            .where(ReplicationSite.model_id == model_id).order_by(ReplicationSite.id))]


def test_rows_are_checked_like_a_spreadsheet_and_the_valid_ones_written(app, api):
    model_id = _model(app)
    with app.app_context():
        who = caller("officer", "quang-tri")
    rows = [
        {"ward": "gio linh", "sub_unit": "Thôn 1", "teams": 2, "started_on": "2024-05-01"},
        {"ward": "Thị trấn Gio Linh, huyện Gio Linh", "sub_unit": "Khu phố 3"},  # merged in 2025 into Xã Gio Linh
        {"ward": "Phường Không Có", "teams": -1, "started_on": "2999-01-01"},
        {"ward": "Gio Linh", "sub_unit": "thon 1"},  # the first row again
        {"ward": 2**62},  # no ward has such a code (nor could a column hold it)
    ]
    url = f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk"
    preview = api.post(url + "?dry_run=true", who, json={"sites": rows}, headers={"Accept-Language": "vi"}).json
    assert (preview["written"], preview["new"], preview["errors"]) == (False, 2, 3)
    assert preview["rows"][4]["errors"] == {"ward": [f"Không có xã/phường “{2**62}” trong tỉnh này."]}
    assert preview["rows"][2]["errors"] == {
        "ward": ["Không có xã/phường “Phường Không Có” trong tỉnh này."],
        "started_on": ["Ngày bắt đầu 01/01/2999 ở tương lai."], "teams": ["Tổ, đội không được là số âm (-1)."]}
    assert preview["rows"][3]["errors"] == {
        "row": ["Dòng 1 của tệp đã nói về điểm này (trùng mã, hoặc trùng xã, phường và đơn vị cơ sở)."]}
    assert _sites(app, model_id) == []
    written = api.post(url, who, json={"sites": rows}).json
    assert (written["written"], written["new"], written["errors"]) == (True, 2, 3)
    assert [row["action"] for row in written["rows"]] == ["new", "new", "error", "error", "error"]
    assert _sites(app, model_id) == [("Thôn 1", 2, "active"), ("Khu phố 3", None, "active")]
    site = api.get(f"/api/v1/provinces/quang-tri/sites/{written['rows'][1]['id']}", who).json
    assert site["ward"]["name"] == "Xã Gio Linh"


def test_existing_sites_change_by_id_or_by_ward_and_sub_unit(app, api):
    model_id = _model(app)
    with app.app_context():
        from registry.movement.models import MovementModel

        model = db.session.get(MovementModel, model_id)
        first, second = wards_of(province("quang-tri"), 2)
        by_key = make_site(model, first, sub_unit="Thôn 1", teams=1)
        by_id = make_site(model, second, sub_unit="Tổ 2", teams=1)
        db.session.commit()
        ward_code, by_id_id, by_key_id = first.code, by_id.id, by_key.id
        who = caller("officer", "quang-tri")
    answer = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk", who, json={"sites": [
        {"ward": ward_code, "sub_unit": "Thôn 1", "teams": 4},
        {"id": by_id_id, "status": "paused", "members": 30},
        {"id": by_id_id + 1000},
    ]}).json
    assert [(row["action"], row["id"]) for row in answer["rows"]] == [
        ("updated", by_key_id), ("updated", by_id_id), ("error", None)]
    assert answer["rows"][2]["errors"] == {"id": [
        f"“NR-{by_id_id + 1000:06d}” is not a site of this model. Clear the reference to add the row as a new site."]}
    assert _sites(app, model_id) == [("Thôn 1", 4, "active"), ("Tổ 2", 1, "paused")]
    again = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk", who,
                     json={"sites": [{"ward": ward_code, "sub_unit": "Thôn 1", "teams": 4}]}).json
    assert (again["unchanged"], again["written"]) == (1, False)


def test_atomic_writes_nothing_when_a_row_is_wrong(app, api):
    model_id = _model(app)
    with app.app_context():
        who = caller("officer", "quang-tri")
    refused = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk?atomic=true", who,
                       json={"sites": [{"ward": "Gio Linh"}, {"sub_unit": "Không có xã"}]})
    assert refused.status_code == 422
    assert refused.json["errors"] == {"sites.1.ward": ["The ward is missing."]}
    assert _sites(app, model_id) == []


def test_the_request_is_bounded_and_the_walls_hold(app, api):
    model_id, ended_id = _model(app), _model(app, status="ended")
    with app.app_context():
        officer, viewer = caller("officer", "quang-tri"), caller("viewer", "quang-tri")
    url = f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk"
    too_many = api.post(url, officer, json={"sites": [{"ward": "Gio Linh", "sub_unit": str(n)} for n in range(1001)]})
    assert too_many.status_code == 422 and too_many.json["errors"] == {"sites": ["At most 1000 items."]}
    assert api.post(url, viewer, json={"sites": [{"ward": "Gio Linh"}]}).status_code == 403
    ended = api.post(f"/api/v1/provinces/quang-tri/models/{ended_id}/sites/bulk", officer,
                     json={"sites": [{"ward": "Gio Linh"}]})
    assert ended.status_code == 409 and ended.json["code"] == "model_ended"
    assert _sites(app, model_id) == [] and _sites(app, ended_id) == []


def test_a_model_and_500_sites_made_through_the_api_are_on_the_model_page(app, api, client, login_as):
    with app.app_context():
        wards = [(ward.code, ward.name) for ward in wards_of(province("quang-tri"), 50)]
        who = caller("officer", "quang-tri")
    created = api.post("/api/v1/provinces/quang-tri/models", who, json={
        "name": "Tổ liên gia tự quản an ninh", "category": "inter_family", "target_setting": "residential",
        "launched_on": "2023-01-01"})
    model_id = created.json["id"]
    activated = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/status", who, json={"move": "activate"},
                         headers={"If-Match": created.headers["ETag"]})
    assert activated.status_code == 200
    rows = [{"ward": code, "sub_unit": f"Tổ {number}", "households": 20 + number, "started_on": "2024-01-15"}
            for code, _name in wards for number in range(1, 11)]
    written = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/sites/bulk", who, json={"sites": rows})
    assert written.status_code == 200 and (written.json["new"], written.json["errors"]) == (500, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(ReplicationSite.model_id == model_id)) == 500

    login_as("viewer", "quang-tri")
    page = client.get(f"/p/quang-tri/models/{model_id}").text
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    assert figures["Điểm đang hoạt động"] == "500" and figures["Số xã, phường có mô hình"] == "50"
    panel = client.get(f"/p/quang-tri/models/{model_id}/sites").text
    shown = re.findall(r'<tr id="site-(\d+)" class="site-row site-row--active">\s*<td data-label="[^"]+">([^<]+)</td>\s*'
                       r'<td data-label="[^"]+">([^<]+)</td>.*?<td data-label="[^"]+">15/01/2024</td>.*?'
                       r'<td data-label="[^"]+">(\d+)</td>\s*<td data-label="[^"]+"></td>\s*<td', panel, re.S)
    from registry.replication.routes import PANEL_PAGE

    first_page = api.get(f"/api/v1/provinces/quang-tri/models/{model_id}/sites?per_page={PANEL_PAGE}", who).json["items"]
    # What the officer sees on the panel's first page is what the API's first page says.
    assert [(int(site_id), ward, sub_unit, int(households)) for site_id, ward, sub_unit, households in shown] == [
        (site["id"], site["ward"]["name"], site["sub_unit"], site["households"]) for site in first_page]
    last = api.get(f"/api/v1/provinces/quang-tri/models/{model_id}/sites?per_page=100&page=5", who).json
    assert last["total"] == 500 and len(last["items"]) == 100
