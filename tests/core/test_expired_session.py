"""A form posted after the session ended (or with an expired token) changes nothing and leads
back to the form, saying the text is kept; the browser's draft does the rest (e2e journey)."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.movement.models import MovementModel
from tests.conftest import PASSWORD

FORM = "/p/quang-tri/models/new"
FILLED = {"name": "Camera an ninh", "category": "cameras", "target_setting": "residential",
          "review_interval_months": "6", "objectives": "Một đoạn dài đã gõ."}
KEPT = "Phiên làm việc của bạn đã kết thúc nên chưa có gì được lưu."


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


def _models(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(MovementModel.id)))


def _next(page: str) -> str:
    """Where the sign-in form leads after signing in (WTForms renders its hidden field with an id)."""
    return re.search(r'<input id="next" name="next" type="hidden" value="([^"]*)"', page).group(1)


def test_a_form_posted_after_the_session_ended_leads_to_sign_in_then_back_to_the_form(app, client, make_user):
    user = make_user("officer")
    response = client.post(FORM, data=FILLED, headers={"Referer": f"http://localhost{FORM}"})
    # The sign-in page answers the refused form itself (401), its next the form's page.
    assert response.status_code == 401 and response.headers["X-Session-Ended"] == "1"
    login = response.text
    assert KEPT in login and "data-draft-kept" in login  # the browser keeps the draft for the form
    assert _next(login) == FORM
    assert _models(app) == 0
    signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": FORM})
    assert signed_in.headers["Location"] == FORM


def test_an_htmx_form_posted_after_the_session_ended_sends_the_browser_to_sign_in(app, client):
    response = client.post(FORM, data=FILLED, headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost{FORM}"})
    event = json.loads(response.headers["HX-Trigger"])
    assert response.status_code == 401
    assert event["registry:session-ended"]["url"] == "/login?next=%2Fp%2Fquang-tri%2Fmodels%2Fnew"
    assert KEPT in event["registry:message"]["messages"][0]["text"]
    assert _models(app) == 0


def test_without_its_session_cookie_the_csrf_check_refuses_the_form_and_leads_to_sign_in(app, csrf_client, make_user):
    """What a browser sends once the session is gone: a token, but no session to match it."""
    make_user("officer")
    response = csrf_client.post(FORM, data={**FILLED, "csrf_token": "a-token-of-a-session-that-ended"},
                                headers={"Referer": f"http://localhost{FORM}"})
    assert response.status_code == 401 and _next(response.text) == FORM
    assert KEPT in response.text and _models(app) == 0


def test_a_signed_in_user_whose_token_expired_is_led_back_to_the_form(app, csrf_client, make_user):
    user = make_user("officer")
    page = csrf_client.get("/login").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    csrf_client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    response = csrf_client.post(FORM, data={**FILLED, "csrf_token": "expired"}, headers={"Referer": f"http://localhost{FORM}"})
    assert response.status_code == 302 and response.headers["Location"] == FORM
    again = csrf_client.get(FORM).text
    assert "Biểu mẫu đã mở quá lâu nên không được chấp nhận" in again and "data-draft-kept" in again
    assert _models(app) == 0


def test_the_form_page_comes_only_from_this_site(app, client):
    response = client.post(FORM, data=FILLED, headers={"Referer": "https://elsewhere.example/p/quang-tri/models/new"})
    assert response.status_code == 401 and _next(response.text) == "/"


def test_long_forms_keep_a_draft_in_the_browser(client, login_as):
    login_as("officer")
    assert "data-draft" in client.get(FORM).text
    page = client.get(FORM).text
    assert 'data-draft-user="' in page and 'id="draft-notice"' in page
