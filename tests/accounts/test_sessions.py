"""Server-side sessions: signing out, a new password, deactivation, a role change and "sign out
everywhere" end sessions at once, on the server, whatever cookie a browser still holds."""
from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from registry.accounts.models import AccountEvent, User, UserSession
from registry.clock import now_utc
from registry.extensions import db
from tests.accounts.conftest import copy_cookies, sign_in
from tests.conftest import PASSWORD, mails
from tests.foundation.test_accounts import link_in

HOME = "/p/quang-tri/"


def test_signing_out_ends_the_session_for_a_copy_of_its_cookie_too(app, client, make_user):
    user = make_user("officer")
    assert sign_in(client, user.email).status_code == 302
    thief = app.test_client()
    copy_cookies(client, thief)
    assert thief.get(HOME).status_code == 200  # the copy works while the session lives
    client.post("/logout")
    refused = thief.get(HOME)
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert "Phiên làm việc đã kết thúc" in thief.get(refused.headers["Location"]).text


def test_a_password_reset_ends_the_session_of_another_browser(app, client, make_user):
    user = make_user("officer")
    office = app.test_client()
    sign_in(office, user.email)
    assert office.get(HOME).status_code == 200
    client.post("/password/forgot", data={"email": user.email})
    link = link_in(mails(app)[-1])
    assert client.post(link, data={"password": "tram-nam-trong-coi", "confirm": "tram-nam-trong-coi"}).status_code == 302
    assert office.get(HOME).status_code == 302
    assert sign_in(client, user.email, "tram-nam-trong-coi").status_code == 302


def test_changing_the_password_keeps_this_browser_and_ends_the_others(app, client, make_user):
    user = make_user("officer")
    other = app.test_client()
    sign_in(client, user.email)
    sign_in(other, user.email)
    response = client.post("/account/password", data={"current": PASSWORD, "password": "mua-thu-ha-noi-2026",
                                                        "confirm": "mua-thu-ha-noi-2026"})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).check_password("mua-thu-ha-noi-2026")


def test_a_forged_cookie_naming_a_user_without_a_session_opens_nothing(app, client, make_user):
    user = make_user("province_admin")
    with client.session_transaction() as cookie:  # what a stolen SECRET_KEY let anyone sign before
        cookie["_user_id"], cookie["_fresh"] = str(user.id), True
    assert client.get(HOME).status_code == 302


def test_flask_logins_remember_cookie_does_not_bring_an_ended_session_back(app, client, make_user):
    from flask_login.utils import _cookie_digest  # noqa: PLC2701 - what Flask-Login itself would sign

    user = make_user("officer")
    sign_in(client, user.email)
    client.post("/logout")
    with app.test_request_context():
        remember = f"{user.id}|{_cookie_digest(str(user.id))}"
    client.set_cookie("remember_token", remember)
    assert client.get(HOME).status_code == 302


def test_an_idle_session_ends_and_so_does_one_past_its_lifetime(app, client, make_user):
    user = make_user("officer")
    start = now_utc()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, user.email)
        clock.shift(timedelta(minutes=25))
        assert client.get(HOME).status_code == 200  # active: the idle time starts again
        clock.shift(timedelta(minutes=25))
        assert client.get(HOME).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get(HOME).status_code == 302  # idle for 31 minutes
        sign_in(client, user.email)
        for _ in range(12 * 3 + 1):
            clock.shift(timedelta(minutes=20))
            client.get(HOME)
        assert client.get(HOME).status_code == 302  # 12 hours after signing in, however active


def test_the_bells_poll_does_not_keep_a_session_alive(app, client, make_user):
    user = make_user("officer")
    with time_machine.travel(now_utc(), tick=False) as clock:
        sign_in(client, user.email)
        for _ in range(4):
            clock.shift(timedelta(minutes=9))
            client.get("/notifications/bell", headers={"HX-Request": "true"})
        assert client.get(HOME).status_code == 302


def test_a_kept_page_is_not_served_to_a_session_that_ended(app, client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert "Quảng Trị" in thief.get("/p/quang-tri/models/").text  # now kept for this viewer
    with app.app_context():
        db.session.execute(db.delete(UserSession))  # "sign out everywhere"
        db.session.commit()
    assert thief.get("/p/quang-tri/models/").status_code == 302


def test_a_form_sent_after_the_session_ended_answers_401_with_the_sign_in_page(app, client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    with app.app_context():
        db.session.execute(db.delete(UserSession))
        db.session.commit()
    form_page = "http://localhost/p/quang-tri/models/new"
    plain = client.post("/p/quang-tri/models/new", data={"name": "Tổ tự quản"}, headers={"Referer": form_page})
    assert plain.status_code == 401 and plain.headers["X-Session-Ended"] == "1"
    assert 'name="password"' in plain.text
    assert 'name="next" type="hidden" value="/p/quang-tri/models/new"' in plain.text
    htmx = client.post("/p/quang-tri/models/new", data={"name": "Tổ tự quản"},
                       headers={"HX-Request": "true", "HX-Target": "model-form", "Referer": form_page})
    assert htmx.status_code == 401 and htmx.text == ""
    event = json.loads(htmx.headers["HX-Trigger"])
    assert event["registry:session-ended"]["url"] == "/login?next=%2Fp%2Fquang-tri%2Fmodels%2Fnew"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1  # nothing else was written


def test_a_deactivated_member_is_refused_on_their_next_request(app, client, make_user, login_as):
    member = make_user("officer")
    browser = app.test_client()
    sign_in(browser, member.email)
    assert browser.get(HOME).status_code == 200
    login_as("province_admin")
    membership_id = _membership_id(app, member.id)
    assert client.post(f"/p/quang-tri/members/{membership_id}/deactivate").status_code == 302
    assert browser.get(HOME).status_code == 302  # session ended at once
    sign_in(browser, member.email)  # signing in again works (the account is fine) ...
    assert browser.get(HOME).status_code == 404  # ... but the province is closed to them
    with app.app_context():
        [event] = db.session.scalars(select(AccountEvent).where(AccountEvent.action == "member_deactivated"))
        assert event.changes == {"active": [True, False]} and event.user_id == member.id


def test_a_role_change_takes_effect_at_once(app, client, make_user, login_as):
    member = make_user("officer")
    browser = app.test_client()
    sign_in(browser, member.email)
    assert browser.get("/p/quang-tri/models/new").status_code == 200
    login_as("province_admin")
    response = client.post(f"/p/quang-tri/members/{_membership_id(app, member.id)}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert browser.get("/p/quang-tri/models/new").status_code == 302  # signed out at once
    sign_in(browser, member.email)
    assert browser.get("/p/quang-tri/models/new").status_code == 403  # a viewer now


def test_the_account_page_lists_the_sessions_and_signs_out_everywhere_else(app, client, make_user):
    user = make_user("officer")
    other = app.test_client()
    sign_in(other, user.email)
    sign_in(client, user.email)
    page = client.get("/account").text
    assert page.count("<tr>") == 1 + 2 and "trình duyệt này" in page
    assert client.post("/account/sessions/end").status_code == 302
    assert other.get(HOME).status_code == 302 and client.get(HOME).status_code == 200


def _membership_id(app, user_id: int) -> int:
    with app.app_context():
        return db.session.get(User, user_id).memberships[0].id


def test_signing_in_replaces_the_cookie_so_a_planted_one_is_worthless(app, client, make_user):
    user = make_user("officer")
    client.get("/login")
    planted = client.get_cookie("session").value
    sign_in(client, user.email)
    assert client.get_cookie("session").value != planted
