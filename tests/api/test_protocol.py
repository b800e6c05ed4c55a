"""What every API answer shares: problem documents, the caller's language, unknown addresses,
personal caching rules, and a rate limit per token."""
from __future__ import annotations

from tests.api.factories import caller


def test_an_unknown_address_and_a_wrong_method_answer_problems(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
    missing = api.get("/api/v1/no/such/thing", who)
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = api.delete("/api/v1/provinces/quang-tri/models", who)
    assert wrong.status_code == 405 and wrong.json["code"] == "method_not_allowed"
    assert {"GET", "POST"} <= set(wrong.headers["Allow"].split(", "))
    for method in ("GET", "PATCH"):  # an id past the URL's integer bound is no record, whatever the method
        huge = getattr(api, method.lower())(f"/api/v1/provinces/quang-tri/models/{2**40}", who, json={})
        assert huge.status_code == 404 and huge.mimetype == "application/problem+json"
    assert api.get("/p/quang-tri/models/nope", who).mimetype == "text/html"  # the pages keep their own


def test_problems_speak_vietnamese_when_asked(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
    response = api.get("/api/v1/provinces/lam-dong/models", who, headers={"Accept-Language": "vi"})
    assert response.status_code == 404
    assert response.json["title"] == "Không tìm thấy"
    assert api.get("/api/v1/provinces/lam-dong/models", who).json["title"] == "Not found"


def test_answers_are_never_cached_nor_sniffed(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
    response = api.get("/api/v1/me", who)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_token_past_its_rate_limit_is_told_to_wait(app, api):
    with app.app_context():
        busy, calm = caller("officer", "quang-tri"), caller("officer", "quang-tri")
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        answers = [api.get("/api/v1/me", busy).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        limited = api.get("/api/v1/me", busy)
        assert limited.json["code"] == "rate_limited" and int(limited.headers["Retry-After"]) > 0
        assert api.get("/api/v1/me", calm).status_code == 200  # another token, another count
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute"


def test_the_document_is_openapi_3_1_with_every_operation(app, api):
    with app.app_context():
        who = caller("viewer", "quang-tri", scope="read")
    document = api.get("/api/v1/openapi.json", who).json
    assert document["openapi"] == "3.1.0"
    operations = {operation["operationId"] for path in document["paths"].values() for operation in path.values()}
    assert {"listModels", "createModel", "updateModel", "changeModelStatus", "listSites", "listWards",
            "listReviews", "createReview", "submitReview", "listNominations", "listCatalogue",
            "getNationalFigures", "listNotifications", "markNotificationRead"} <= operations
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["token"]["description"]}
    update = document["paths"]["/api/v1/provinces/{province}/models/{model_id}"]["patch"]
    assert {"412", "428"} <= set(update["responses"])
    name = document["components"]["schemas"]["ModelCreate"]["properties"]["name"]
    assert name["maxLength"] == 255  # the form's own limit


def test_csrf_does_not_apply_to_token_requests_but_still_to_the_pages(app, api, client, login_as):
    with app.app_context():
        who = caller("officer", "quang-tri")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        created = api.post("/api/v1/provinces/quang-tri/models", who,
                           json={"name": "Camera an ninh", "category": "cameras", "target_setting": "residential"})
        assert created.status_code == 201
        assert api.post("/api/v1/notifications/read", who).status_code == 200
        login_as("officer", "quang-tri")
        # The page's CSRF check still refuses it: nothing made, the sender led back to the form.
        refused = client.post("/account/tokens", data={"name": "Không có mã CSRF", "scope": "read", "days": "5"},
                              headers={"Referer": "http://localhost/account/tokens"})
        assert refused.status_code == 302 and refused.headers["Location"] == "/account/tokens"
        assert "Không có mã CSRF" not in client.get("/account/tokens").text
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
