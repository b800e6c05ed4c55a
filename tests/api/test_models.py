"""Models through the API as an integrator uses it: list and search as the page does, create with
the form's rules and messages, update with If-Match, move through the page's statuses; every write
audited with the token's name, and a viewer's or a read token's writes refused."""
from __future__ import annotations

from sqlalchemy import select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from tests.api.factories import caller
from tests.factories import make_model, province, ward_of

NEW = {"name": "Camera an ninh khu phố", "category": "cameras", "target_setting": "residential"}


def test_the_list_filters_and_searches_without_diacritics_with_totals_and_links(app, api):
    with app.app_context():
        for number in range(30):
            make_model("quang-tri", f"Tổ tự quản số {number}", category="self_management")
        make_model("quang-tri", "Camera an ninh")
        make_model("lam-dong", "Tổ tự quản Lâm Đồng", category="self_management")
        who = caller("viewer", "quang-tri", scope="read")
    response = api.get("/api/v1/provinces/quang-tri/models?q=tu quan&category=self_management&per_page=10&page=2", who)
    assert response.status_code == 200
    body = response.json
    assert (body["total"], body["pages"], body["page"], len(body["items"])) == (30, 3, 2, 10)
    assert all("Tổ tự quản" in item["name"] for item in body["items"])
    links = response.headers["Link"]
    assert 'page=3>; rel="next"' in links and 'page=1>; rel="prev"' in links and 'rel="last"' in links
    assert "q=tu+quan" in links


def test_a_model_created_through_the_api_is_the_model_the_page_shows(app, api, client, login_as):
    with app.app_context():
        ward = ward_of(province("quang-tri"))
        ward_id, ward_name = ward.id, ward.name
        who = caller("officer", "quang-tri")
    created = api.post("/api/v1/provinces/quang-tri/models", who, json=NEW | {
        "origin_ward_id": ward_id, "launched_on": "2024-03-01", "tags": ["camera", "an ninh"]})
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"].endswith(f"/api/v1/provinces/quang-tri/models/{created.json['id']}")
    model = created.json
    assert (model["status"], model["origin_ward"]["name"], model["tags"]) == ("draft", ward_name, ["camera", "an ninh"])
    assert model["next_review_due_on"] is None  # a draft is not due: the first review falls due after activation
    login_as("viewer", "quang-tri")
    page = client.get(f"/p/quang-tri/models/{model['id']}")
    assert page.status_code == 200 and "Camera an ninh khu phố" in page.text and ward_name in page.text


def test_bad_values_get_the_forms_own_messages_in_the_callers_language(app, api):
    with app.app_context():
        other_ward, other_name = ward_of(province("lam-dong")).id, ward_of(province("lam-dong")).name
        who = caller("officer", "quang-tri")
    body = {"name": " ", "category": "cameras", "target_setting": "residential", "review_interval_months": 99,
            "launched_on": "2999-01-01", "origin_ward_id": other_ward}
    vietnamese = api.post("/api/v1/provinces/quang-tri/models", who, json=body, headers={"Accept-Language": "vi-VN"})
    assert vietnamese.status_code == 422 and vietnamese.mimetype == "application/problem+json"
    assert vietnamese.json["errors"] == {
        "name": ["Nhập tên mô hình."], "review_interval_months": ["Từ 1 đến 60 tháng."],
        "launched_on": ["Ngày triển khai không thể ở tương lai."], "origin_ward_id": [f"“{other_name}” là xã, phường của Lâm Đồng, không thuộc Quảng Trị."]}
    english = api.post("/api/v1/provinces/quang-tri/models", who, json=body, headers={"Accept-Language": "fr, en;q=0.5"})
    assert english.json["errors"]["name"] == ["Enter the model's name."]
    missing = api.post("/api/v1/provinces/quang-tri/models", who, json={"category": "nope"})
    assert missing.json["errors"] == {"name": ["Enter the model's name."], "category": ["Not a valid choice."],
                                      "target_setting": ["Choose where the model works."]}
    with app.app_context():
        assert db.session.scalar(select(MovementModel.id)) is None


def test_an_update_needs_the_etag_it_was_based_on(app, api):
    with app.app_context():
        model_id = make_model("quang-tri", "Camera an ninh").id
        db.session.commit()
        who = caller("officer", "quang-tri")
    url = f"/api/v1/provinces/quang-tri/models/{model_id}"
    etag = api.get(url, who).headers["ETag"]
    assert api.patch(url, who, json={"summary": "Lắp 40 camera"}).status_code == 428
    first = api.patch(url, who, json={"summary": "Lắp 40 camera"}, headers={"If-Match": etag})
    assert first.status_code == 200 and first.json["summary"] == "Lắp 40 camera"
    assert first.json["name"] == "Camera an ninh"  # untouched fields keep their values
    stale = api.patch(url, who, json={"summary": "Lắp 10 camera"}, headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.headers["ETag"] == first.headers["ETag"]
    assert api.get(url, who).json["summary"] == "Lắp 40 camera"


def test_status_moves_follow_the_pages_rules(app, api):
    with app.app_context():
        model = make_model("quang-tri", "Camera an ninh")
        target = make_model("quang-tri", "Camera an ninh mở rộng")
        ids = model.id, target.id
        db.session.commit()
        who = caller("province_admin", "quang-tri")
    url = f"/api/v1/provinces/quang-tri/models/{ids[0]}"

    def move(body, version):
        return api.post(url + "/status", who, json=body, headers={"If-Match": f'"{version}"'})

    assert move({"move": "activate"}, 1).status_code == 409  # already active
    assert move({"move": "end"}, 1).json["errors"] == {"reason": ["Choose why the model ends."]}
    assert move({"move": "end", "reason": "merged", "merged_into": 999999}, 1).json["errors"] == {
        "merged_into": ["Choose the model it was merged into."]}
    ended = move({"move": "end", "reason": "merged", "merged_into": ids[1]}, 1)
    assert ended.status_code == 200
    assert (ended.json["status"], ended.json["end_reason"], ended.json["merged_into_id"]) == ("ended", "merged", ids[1])
    assert ended.headers["ETag"] == '"2"'


def test_every_write_is_audited_with_the_tokens_name(app, api, client, login_as):
    with app.app_context():
        who = caller("officer", "quang-tri")
    created = api.post("/api/v1/provinces/quang-tri/models", who, json=NEW).json
    api.patch(f"/api/v1/provinces/quang-tri/models/{created['id']}", who, json={"summary": "x"},
              headers={"If-Match": '"1"'})
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.token_name)
                                    .order_by(AuditEvent.id)).all()
    assert [tuple(event) for event in events] == [("create", who.user_id, "Hệ thống tỉnh"),
                                                  ("update", who.user_id, "Hệ thống tỉnh")]
    login_as("viewer", "quang-tri")
    history = client.get(f"/p/quang-tri/models/{created['id']}").text
    assert history.count("qua API, mã truy cập “Hệ thống tỉnh”") == 2


def test_a_viewers_token_cannot_write_even_with_the_write_scope(app, api):
    with app.app_context():
        viewer = caller("viewer", "quang-tri", scope="write")
        reader = caller("officer", "quang-tri", scope="read")
    refused = api.post("/api/v1/provinces/quang-tri/models", viewer, json=NEW)
    assert refused.status_code == 403 and refused.json["code"] == "forbidden"
    read_only = api.post("/api/v1/provinces/quang-tri/models", reader, json=NEW)
    assert read_only.status_code == 403 and read_only.json["code"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in read_only.headers["WWW-Authenticate"]
    with app.app_context():
        assert db.session.scalar(select(MovementModel.id)) is None


def test_a_token_carries_its_users_current_roles(app, api):
    """Demoted to viewer after the token was made: the token can no longer write."""
    from registry.accounts.models import Membership

    with app.app_context():
        who = caller("officer", "quang-tri")
    assert api.post("/api/v1/provinces/quang-tri/models", who, json=NEW).status_code == 201
    with app.app_context():
        db.session.scalar(select(Membership).where(Membership.user_id == who.user_id)).role = "viewer"
        db.session.commit()
    assert api.post("/api/v1/provinces/quang-tri/models", who, json=NEW).status_code == 403


def test_a_list_asked_again_is_kept_until_the_province_changes(app, api):
    with app.app_context():
        make_model("quang-tri", "Camera an ninh")
        db.session.commit()
        who = caller("officer", "quang-tri")
    url = "/api/v1/provinces/quang-tri/models"
    first = api.get(url, who)
    assert api.get(url, who).data == first.data and first.json["total"] == 1
    assert api.post(url, who, json=NEW).status_code == 201
    assert api.get(url, who).json["total"] == 2  # the write raised the province's version
    assert api.get(url, who, headers={"Accept-Language": "vi"}).json["total"] == 2
