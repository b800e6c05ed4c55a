"""Sign-in, sign-out, lockout, invitations and password reset, as a user meets them."""
from __future__ import annotations

import re
from urllib.parse import quote

import time_machine
from sqlalchemy import select

from registry.accounts.models import Membership, User
from registry.extensions import db
from tests.conftest import PASSWORD, mails


def sign_in(client, email, password=PASSWORD, next_url=""):
    return client.post("/login", data={"email": email, "password": password, "next": next_url})


def link_in(mail) -> str:
    body = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0).split("127.0.0.1:5000", 1)[1]


def test_officer_signs_in_and_lands_in_their_province(client, make_user):
    user = make_user("officer", "quang-tri")
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert client.get(response.headers["Location"], follow_redirects=True).status_code == 200
    assert "Quảng Trị" in client.get("/p/quang-tri/").text


def test_sign_in_ignores_the_case_of_the_address(client, make_user):
    user = make_user("officer", "quang-tri")
    assert sign_in(client, user.email.upper()).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user("officer")
    response = sign_in(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "The e-mail address or the password is wrong." in response.text or "không đúng" in response.text
    assert client.get("/p/quang-tri/").status_code == 302


def test_anonymous_user_comes_back_to_the_page_they_asked_for(client, make_user):
    user = make_user("officer", "quang-tri")
    first = client.get("/p/quang-tri/wards?q=ba")
    assert first.headers["Location"] == "/login?next=" + quote("/p/quang-tri/wards?q=ba", safe="")
    assert "Đăng nhập để mở trang bạn cần xem." in client.get(first.headers["Location"]).text  # says why
    response = sign_in(client, user.email, next_url="/p/quang-tri/wards?q=ba")
    assert response.headers["Location"] == "/p/quang-tri/wards?q=ba"


def test_sign_in_never_redirects_to_another_site(client, make_user):
    user = make_user("officer", "quang-tri")
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        client.post("/logout")
        response = sign_in(client, user.email, next_url=target)
        assert "evil" not in response.headers["Location"] and "javascript" not in response.headers["Location"]


def test_sign_out_ends_the_session(client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    client.post("/logout")
    assert client.get("/p/quang-tri/").status_code == 302


def test_provincial_admin_invites_an_officer_who_sets_a_password(client, login_as, app):
    login_as("province_admin", "quang-tri")
    response = client.post("/p/quang-tri/members/invite",
                           data={"email": "moi@congan.vn", "name": "Nguyễn Văn Mới", "role": "officer"})
    assert response.status_code == 302
    [mail] = mails(app)
    assert mail["To"] == "moi@congan.vn"
    client.post("/logout")
    page = client.get(link_in(mail))
    assert page.status_code == 200
    accepted = client.post(link_in(mail), data={"name": "Nguyễn Văn Mới", "password": "mat-khau-rat-dai", "confirm": "mat-khau-rat-dai"})
    assert accepted.status_code == 302
    assert client.get("/p/quang-tri/").status_code == 200
    # The link works once.
    client.post("/logout")
    assert client.get(link_in(mail)).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "moi@congan.vn"))
        assert user.membership_in(user.memberships[0].province_id).role == "officer"


def test_only_provincial_admins_may_invite(client, login_as, app):
    login_as("officer", "quang-tri")
    response = client.post("/p/quang-tri/members/invite", data={"email": "x@congan.vn", "role": "officer"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@congan.vn")) is None
    assert mails(app) == []


def test_invalid_invitation_keeps_what_was_typed_and_says_why(client, login_as, app):
    login_as("province_admin", "quang-tri")
    response = client.post("/p/quang-tri/members/invite", data={"email": "not-an-address", "name": "Trần Thị B", "role": "officer"},
                           headers={"HX-Request": "true", "HX-Target": "invite"})
    assert response.status_code == 200
    assert 'value="Trần Thị B"' in response.text and "<html" not in response.text
    with app.app_context():
        assert db.session.scalar(select(Membership).where(Membership.role == "officer")) is None


def test_expired_invitation_is_refused(client, login_as, app):
    with time_machine.travel("2026-11-01 08:00:00+07:00"):
        login_as("province_admin", "quang-tri")
        client.post("/p/quang-tri/members/invite", data={"email": "late@congan.vn", "role": "viewer"})
    link = link_in(mails(app)[0])
    client.post("/logout")
    with time_machine.travel("2026-11-23 08:00:00+07:00"):
        assert client.get(link).status_code == 302


def test_password_reset_by_mail_works_once(client, make_user, app):
    user = make_user("officer")
    client.post("/password/forgot", data={"email": user.email})
    [mail] = mails(app)
    link = link_in(mail)
    assert client.post(link, data={"password": "mot-mat-khau-moi", "confirm": "mot-mat-khau-moi"}).status_code == 302
    assert sign_in(client, user.email, "mot-mat-khau-moi").status_code == 302
    client.post("/logout")
    assert client.get(link).status_code == 302  # used: sent back to ask again


def test_password_reset_does_not_reveal_unknown_addresses(client, app):
    response = client.post("/password/forgot", data={"email": "nobody@congan.vn"})
    assert response.status_code == 302
    assert mails(app) == []


def test_language_switch_is_remembered_on_the_account(client, login_as, app):
    user = login_as("officer", "quang-tri")
    client.post("/language", data={"locale": "en", "next": "/p/quang-tri/"})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"
    assert '<html lang="en">' in client.get("/p/quang-tri/").text
