"""What integrators read: provinces, wards with their former names, nominations (the province's and
the ministry's queue), the catalogue, the national figures, and one's own notifications."""
from __future__ import annotations

from registry.extensions import db
from tests.api.factories import caller
from tests.core.factories import make_notification
from tests.factories import make_model, make_site, province, wards_of
from tests.nominations.factories import make_nomination, nominee


def test_provinces_are_listed_with_the_callers_role(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
    listed = api.get("/api/v1/provinces?per_page=100", who).json
    assert listed["total"] == 34
    roles = {item["slug"]: item["role"] for item in listed["items"]}
    assert roles["quang-tri"] == "officer" and roles["lam-dong"] is None
    assert [p["slug"] for p in api.get("/api/v1/provinces?q=quang tri", who).json["items"]] == ["quang-tri"]


def test_a_ward_names_the_units_it_took_in_and_is_found_without_diacritics(app, api):
    with app.app_context():
        who = caller("viewer", "quang-tri", scope="read")
    found = api.get("/api/v1/provinces/quang-tri/wards?q=gio linh", who).json["items"]
    ward = next(item for item in found if item["name"] == "Xã Gio Linh")
    assert "Thị trấn Gio Linh, Huyện Gio Linh, Tỉnh Quảng Trị" in ward["former_names"]
    assert api.get(f"/api/v1/provinces/quang-tri/wards/{ward['id']}", who).json == ward


def test_nominations_of_the_province_and_the_ministrys_queue(app, api):
    with app.app_context():
        draft = make_nomination(nominee(province("quang-tri")))
        submitted = make_nomination(nominee(province("quang-tri"), name="Camera an ninh"), status="submitted")
        elsewhere = make_nomination(nominee(province("lam-dong")), status="submitted")
        db.session.commit()
        ids = draft.id, submitted.id, elsewhere.id
        officer, reviewer = caller("officer", "quang-tri"), caller("ministry_reviewer", None, scope="read")
    own = api.get("/api/v1/provinces/quang-tri/nominations", officer).json
    assert {item["id"] for item in own["items"]} == {ids[0], ids[1]}
    assert api.get("/api/v1/provinces/quang-tri/nominations?status=submitted", officer).json["total"] == 1
    queue = api.get("/api/v1/nominations", reviewer).json
    assert {item["id"] for item in queue["items"]} == {ids[1], ids[2]}  # drafts are the province's own
    assert {item["province"] for item in queue["items"]} == {"quang-tri", "lam-dong"}
    assert api.get("/api/v1/nominations", officer).status_code == 403


def test_the_catalogue_lists_recognised_models_of_every_province(app, api):
    with app.app_context():
        recognised = make_model("lam-dong", "Camera an ninh Lâm Đồng", recognised_year=2025)
        make_site(recognised)
        make_model("lam-dong", "Tổ tự quản", category="self_management")
        db.session.commit()
        recognised_id = recognised.id
        who = caller("viewer", "quang-tri", scope="read")
    listed = api.get("/api/v1/catalogue?q=lam dong", who).json
    assert [item["name"] for item in listed["items"]] == ["Camera an ninh Lâm Đồng"]
    assert listed["items"][0]["rollup"]["own_sites"] == 1 and listed["items"][0]["province"] == "lam-dong"
    assert api.get(f"/api/v1/catalogue/{recognised_id}", who).json["recognised_year"] == 2025


def test_the_national_figures_are_the_dashboards_for_ministry_roles_only(app, api, client, login_as):
    with app.app_context():
        model = make_model("quang-tri", "Camera an ninh")
        for ward in wards_of(province("quang-tri"), 3):
            make_site(model, ward)
        db.session.commit()  # the figures are counted in this commit: no refresh to wait for
        ministry, officer = caller("ministry_admin", None, scope="read"), caller("province_admin", "quang-tri")
    figures = api.get("/api/v1/national/figures", ministry).json
    quang_tri = next(row for row in figures["provinces"] if row["province"] == "quang-tri")
    assert (quang_tri["wards_covered"], quang_tri["models"], quang_tri["active_models"]) == (3, 1, 1)
    assert figures["by_category"] == {"cameras": 1}
    assert len(figures["provinces"]) == 34
    assert api.get("/api/v1/national/figures", officer).status_code == 403


def test_notifications_are_read_and_marked_read(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
        first = make_notification(who.user_id, "a", kind="review_due_soon")
        make_notification(who.user_id, "b", kind="review_due_soon")
        make_notification(who.user_id, "c", kind="review_due_soon", read=True)
        db.session.commit()
        first_id = first.id
    listed = api.get("/api/v1/notifications?unread=true", who).json
    assert (listed["total"], listed["unread"]) == (2, 2)
    assert api.post(f"/api/v1/notifications/{first_id}/read", who).json == {"marked": 1}
    assert api.get("/api/v1/notifications", who).json["unread"] == 1
    assert api.post("/api/v1/notifications/read", who).json == {"marked": 1}
    assert api.get("/api/v1/notifications?unread=true", who).json["total"] == 0
