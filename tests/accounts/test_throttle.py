"""Sign-in and forgotten passwords: the same answer for known and unknown addresses, throttled
by address and by client, never an account locked by a stranger; passwords that are long and
not easy to guess."""
from __future__ import annotations

import re

from tests.accounts.conftest import sign_in
from tests.conftest import PASSWORD, mails


def _client_at(app, address: str):
    """A browser on another machine."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _visible(response) -> str:
    """The page as a person reads it: without the random CSRF token and the typed address."""
    text = re.sub(r'name="csrf[-_]token" (content|value)="[^"]*"', "", response.text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    text = re.sub(r'value="[^"]*@[^"]*"', "", text)
    return re.sub(r'content="[^"]*"', "", text)


def test_unknown_and_known_addresses_get_the_same_answer(app, client, make_user):
    known = make_user("officer", email="co.that@test.vn")
    deactivated = make_user("officer", email="da.nghi@test.vn")
    from registry.accounts.models import User
    from registry.extensions import db

    with app.app_context():
        db.session.get(User, deactivated.id).active = False
        db.session.commit()
    answers = [sign_in(app.test_client(), email, "sai-mat-khau-roi-day")
               for email in (known.email, "khong.co@test.vn", deactivated.email)]
    answers.append(sign_in(app.test_client(), deactivated.email, PASSWORD))  # right password, deactivated
    assert {a.status_code for a in answers} == {200}
    assert len({_visible(a) for a in answers}) == 1
    assert "Email hoặc mật khẩu không đúng." in answers[0].text


def test_failures_on_one_address_from_one_client_are_throttled_alike_for_unknown_addresses(app, make_user):
    known = make_user("officer")
    for email in (known.email, "khong.ai@test.vn"):
        client = app.test_client()
        for _ in range(5):
            assert sign_in(client, email, "sai-mat-khau-roi-day").status_code == 200
        throttled = sign_in(client, email, PASSWORD)
        assert throttled.status_code == 429 and "Quá nhiều lần thử. Hãy chờ 5 phút rồi thử lại." in throttled.text
        assert throttled.headers["Retry-After"]
    assert sign_in(app.test_client(), "khac@test.vn", "sai-mat-khau-roi-day").status_code == 200  # another address


def test_one_client_is_throttled_across_addresses(app, make_user):
    client = app.test_client()
    for number in range(30):
        sign_in(client, f"ai.do.{number}@test.vn", "sai-mat-khau-roi-day")
    assert sign_in(client, make_user("officer").email).status_code == 429


def test_a_stranger_cannot_keep_the_account_owner_out(app, make_user):
    owner = make_user("officer")
    office = app.test_client()
    assert sign_in(office, owner.email).status_code == 302  # this browser knows the address now
    office.post("/logout")
    for number in range(20):  # guessers from twenty addresses
        stranger = _client_at(app, f"203.0.113.{number}")
        sign_in(stranger, owner.email, "sai-mat-khau-roi-day")
    elsewhere = _client_at(app, "198.51.100.7")
    assert sign_in(elsewhere, owner.email).status_code == 429  # the address is throttled for strangers ...
    assert sign_in(office, owner.email).status_code == 302  # ... not in the owner's own browser


def test_forgotten_password_answers_alike_and_is_throttled_alike(app, make_user):
    known = make_user("officer")
    for email in (known.email, "khong.co@test.vn"):
        client = _client_at(app, f"192.0.2.{len(email)}")
        answers = [client.post("/password/forgot", data={"email": email}) for _ in range(3)]
        assert [a.status_code for a in answers] == [302, 302, 302]
        assert client.post("/password/forgot", data={"email": email}).status_code == 429
    assert len(mails(app)) == 3  # the known address got its three mails, the unknown none


def test_short_and_common_passwords_are_refused_with_a_reason(app, client, make_user):
    user = make_user("officer", email="nguyen.van.an@test.vn")
    sign_in(client, user.email)
    for password, reason in (("ngan-qua", "ít nhất 12 ký tự"), ("password1234", "quá dễ đoán"),
                             ("matkhau12345", "quá dễ đoán"), ("nguyen.van.an@test.vn", "quá dễ đoán")):
        response = client.post("/account/password", data={"current": PASSWORD, "password": password,
                                                           "confirm": password})
        assert response.status_code == 422 and reason in response.text, password
    ok = client.post("/account/password", data={"current": PASSWORD, "password": "ca phe sua da buoi sang",
                                                 "confirm": "ca phe sua da buoi sang"})
    assert ok.status_code == 302
