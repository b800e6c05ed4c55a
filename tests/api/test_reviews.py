"""Reviews through the API: a draft checked by the review form, changed with If-Match, submitted
through the page's submission checks, then locked; the model's next due date moves on."""
from __future__ import annotations

from datetime import date

from registry.extensions import db
from registry.movement.models import MovementModel
from tests.api.factories import caller
from tests.factories import province
from tests.reviews.factories import make_review, scheduled_model

PERIOD = {"period_start": "2025-01-15", "period_end": "2025-07-14"}


def _model(app) -> int:
    with app.app_context():
        model_id = scheduled_model(province("quang-tri")).id
        db.session.commit()
        return model_id


def test_a_draft_is_recorded_changed_and_submitted_with_the_pages_checks(app, api):
    model_id = _model(app)
    with app.app_context():
        who = caller("officer", "quang-tri")
        due = db.session.get(MovementModel, model_id).next_review_due_on
    created = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/reviews", who,
                       json=PERIOD | {"values": {"crimes_social_order": 12}})
    assert created.status_code == 201 and created.json["status"] == "draft"
    url = f"/api/v1/provinces/quang-tri/reviews/{created.json['id']}"
    changed = api.patch(url, who, json={"rating": "good", "values": {"tips_from_residents": 30}},
                        headers={"If-Match": created.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.json["values"] == {"crimes_social_order": 12.0, "tips_from_residents": 30.0}
    refused = api.post(url + "/submit", who, json={}, headers={"If-Match": changed.headers["ETag"],
                                                                "Accept-Language": "vi"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {
        "values.crimes_social_order_2019": ["Nhập số liệu năm gốc 2019: mức tăng, giảm được tính so với số liệu này."],
        "recommendation": ["Chọn kiến nghị trước khi gửi."], "findings": ["Ghi nhận xét, đánh giá trước khi gửi."]}
    submitted = api.post(url + "/submit", who, headers={"If-Match": changed.headers["ETag"]}, json={
        "recommendation": "expand", "findings": "Tội phạm giảm rõ rệt.", "values": {"crimes_social_order_2019": 20}})
    assert submitted.status_code == 200
    assert (submitted.json["status"], submitted.json["crime_change"]) == ("submitted", -40.0)
    assert submitted.json["due_on"] == due.isoformat()
    with app.app_context():
        assert db.session.get(MovementModel, model_id).next_review_due_on == date(2026, 1, 14)
    locked = api.patch(url, who, json={"findings": "Sửa"}, headers={"If-Match": submitted.headers["ETag"]})
    assert locked.status_code == 409 and locked.json["code"] == "review_submitted"


def test_the_review_forms_rules_apply_to_the_api(app, api):
    model_id = _model(app)
    with app.app_context():
        who = caller("officer", "quang-tri")
    response = api.post(f"/api/v1/provinces/quang-tri/models/{model_id}/reviews", who, json={
        "period_start": "2025-07-01", "period_end": "2025-01-01",
        "values": {"crimes_social_order": -3, "fishing_boats": 2}})
    assert response.status_code == 422
    assert response.json["errors"] == {
        "period_end": ["The period must end after it starts."],
        "values.crimes_social_order": ["A count cannot be negative."],
        "values.fishing_boats": ["This indicator is not recorded for this model's category."]}


def test_the_list_filters_by_model_and_status(app, api):
    with app.app_context():
        first, second = scheduled_model(province("quang-tri")), scheduled_model(province("quang-tri"))
        make_review(first, date(2025, 1, 15), date(2025, 7, 14))
        make_review(first, date(2025, 7, 15), date(2026, 1, 14), status="draft")
        make_review(second, date(2025, 1, 15), date(2025, 7, 14))
        db.session.commit()
        first_id = first.id
        who = caller("viewer", "quang-tri", scope="read")
    listed = api.get(f"/api/v1/provinces/quang-tri/reviews?model={first_id}&status=submitted", who).json
    assert listed["total"] == 1 and listed["items"][0]["model_id"] == first_id
    assert api.get("/api/v1/provinces/quang-tri/reviews", who).json["total"] == 3


def test_indicators_name_themselves_in_the_callers_language(app, api):
    with app.app_context():
        who = caller("viewer", "quang-tri", scope="read")
    english = api.get("/api/v1/indicators", who).json["items"]
    vietnamese = api.get("/api/v1/indicators", who, headers={"Accept-Language": "vi"}).json["items"]
    crimes = next(i for i in english if i["code"] == "crimes_social_order")
    assert crimes["name"].startswith("Crimes against social order")
    assert next(i for i in vietnamese if i["code"] == "crimes_social_order")["name"].startswith("Số vụ phạm tội")
