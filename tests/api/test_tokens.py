"""Personal access tokens as their owners and operators meet them: made on the account's page or
by the operator's command, shown once, kept only as a digest, refused once revoked, expired or
when the account is deactivated, and never replaced by a browser's session."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from registry import clock
from registry.accounts.models import User
from registry.api.models import ApiToken
from registry.extensions import db
from tests.api.factories import caller


def _token_row(app, token_id: int) -> ApiToken:
    with app.app_context():
        token = db.session.get(ApiToken, token_id)
        db.session.expunge(token)
        return token


def test_a_person_makes_a_token_on_their_page_sees_it_once_and_it_works(app, client, login_as, api):
    login_as("officer", "quang-tri")
    page = client.get("/account/tokens")
    assert page.status_code == 200 and "API" in page.text
    made = client.post("/account/tokens", data={"name": "Cổng dữ liệu tỉnh", "scope": "read", "days": "30"})
    assert made.status_code == 200
    secret = re.search(r"mmr_[A-Za-z0-9_-]{43}", made.text).group(0)
    assert secret not in client.get("/account/tokens").text  # shown once only
    assert "Cổng dữ liệu tỉnh" in client.get("/account/tokens").text
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.json["token"]["name"] == "Cổng dữ liệu tỉnh" and me.json["token"]["scope"] == "read"
    assert me.json["memberships"] == [{"province": "quang-tri", "province_name": "Quảng Trị", "role": "officer"}]
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in (stored.token_hash, stored.hint) and stored.hint == secret[:8]


def test_the_token_form_explains_what_is_wrong_in_vietnamese(client, login_as):
    login_as("officer", "quang-tri")
    response = client.post("/account/tokens", data={"name": "", "scope": "write", "days": "900"})
    assert response.status_code == 422
    assert "Đặt tên cho mã truy cập" in response.text
    assert "366" in response.text


def test_revoking_a_token_stops_it_at_once(app, client, login_as, api):
    user = login_as("officer", "quang-tri")
    made = client.post("/account/tokens", data={"name": "Tạm", "scope": "write", "days": "7"})
    secret = re.search(r"mmr_[A-Za-z0-9_-]{43}", made.text).group(0)
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert response.json["detail"] == "The token was revoked."


def test_nobody_revokes_someone_elses_token(app, client, login_as):
    with app.app_context():
        other = caller("officer", "quang-tri")
    login_as("officer", "quang-tri")
    assert client.post(f"/account/tokens/{other.token_id}/revoke").status_code == 404
    assert _token_row(app, other.token_id).revoked_at is None


def test_an_expired_token_is_refused_and_says_so(app, api):
    with app.app_context():
        who = caller("officer", "quang-tri")
    with time_machine.travel(clock.now_utc() + timedelta(days=31)):
        response = api.get("/api/v1/me", who)
    assert response.status_code == 401
    assert "expired" in response.json["detail"]


def test_a_deactivated_users_token_is_refused(app, api):
    with app.app_context():
        who = caller("province_admin", "quang-tri")
        db.session.get(User, who.user_id).active = False
        db.session.commit()
    response = api.get("/api/v1/provinces/quang-tri/models", who)
    assert response.status_code == 401
    assert response.json["detail"] == "The token is not valid."


def test_without_a_token_the_api_asks_for_one(client):
    response = client.get("/api/v1/provinces/quang-tri/models")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["code"] == "unauthorized"


def test_a_browser_session_does_not_authenticate_the_api(client, login_as):
    """Signed in as an officer, the browser still cannot read or write through the API."""
    login_as("officer", "quang-tri")
    assert client.get("/api/v1/provinces/quang-tri/models").status_code == 401
    created = client.post("/api/v1/provinces/quang-tri/models",
                          json={"name": "Qua cookie", "category": "cameras", "target_setting": "residential"})
    assert created.status_code == 401
    # The reference and its document are for signed-in people too.
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/v1/openapi.json").json["openapi"].startswith("3.1")


def test_the_reference_page_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/api/v1/openapi.json").status_code == 401


def test_last_use_is_noted_at_most_once_a_minute(app, api):
    with app.app_context():
        who = caller("viewer", "quang-tri", scope="read")
    start = clock.now_utc()
    with time_machine.travel(start, tick=False):
        api.get("/api/v1/me", who)
    first = _token_row(app, who.token_id).last_used_at
    assert first == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        api.get("/api/v1/me", who)
    assert _token_row(app, who.token_id).last_used_at == first
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api.get("/api/v1/me", who)
    assert _token_row(app, who.token_id).last_used_at == start + timedelta(seconds=61)


def test_an_operator_makes_a_token_with_the_command_and_sees_it_once(app, runner, make_user):
    user = make_user("officer", "quang-tri")
    result = runner.invoke(args=["create-api-token", "--email", user.email, "--name", "Trục liên thông",
                                 "--scope", "write", "--days", "10"])
    assert result.exit_code == 0, result.output
    secret = re.search(r"mmr_[A-Za-z0-9_-]{43}", result.output).group(0)
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
        assert (token.name, token.scope) == ("Trục liên thông", "write")
        assert timedelta(days=9) < token.expires_at - clock.now_utc() <= timedelta(days=10)
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_the_command_refuses_an_unknown_address(runner):
    result = runner.invoke(args=["create-api-token", "--email", "nobody@test.vn", "--name", "X"])
    assert result.exit_code != 0 and "no user" in result.output


def test_a_member_suspended_in_a_province_reaches_it_no_more_with_a_token(app, api):
    from registry.accounts.models import Membership
    from registry.accounts.service import suspend_membership

    with app.app_context():
        caller("province_admin", "quang-tri")  # the province keeps an admin
        who = caller("officer", "quang-tri")
        suspend_membership(db.session.scalar(select(Membership).where(Membership.user_id == who.user_id)))
        db.session.commit()
    assert api.get("/api/v1/provinces/quang-tri/models", who).status_code == 404
    assert api.get("/api/v1/me", who).json["memberships"] == []
