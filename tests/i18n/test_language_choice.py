"""Vietnamese first; a person's choice of English is kept on their account, across sessions."""
from __future__ import annotations

from sqlalchemy import select

from registry.accounts.models import User
from registry.extensions import db
from tests.conftest import PASSWORD


def _sign_in(client, email: str):
    return client.post("/login", data={"email": email, "password": PASSWORD}, follow_redirects=True)


def test_sign_in_page_is_in_vietnamese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page and "Quên mật khẩu?" in page


def test_switching_to_english_is_saved_on_the_account_and_kept_after_signing_in_again(app, make_user):
    user = make_user("officer", "quang-tri")
    first = app.test_client()
    _sign_in(first, user.email)
    page = first.post("/language", data={"locale": "en", "next": "/"}, follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign out" in page
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.id == user.id)) == "en"

    # Another browser, another day: no cookie, yet the account's language wins after sign-in.
    second = app.test_client()
    assert "Đăng nhập" in second.get("/login").get_data(as_text=True)
    page = _sign_in(second, user.email).get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign out" in page


def test_switching_back_to_vietnamese_is_saved_too(app, client, make_user):
    user = make_user("officer", "quang-tri")
    _sign_in(client, user.email)
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.post("/language", data={"locale": "vi", "next": "/"}, follow_redirects=True).get_data(as_text=True)
    assert "Đăng xuất" in page
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.id == user.id)) == "vi"


def test_language_chosen_before_signing_in_stays_for_the_anonymous_pages(client):
    page = client.post("/language", data={"locale": "en", "next": "/login"}, follow_redirects=True)
    assert "Forgot your password?" in page.get_data(as_text=True)


def test_wtforms_own_messages_are_translated(app):
    """A message WTForms writes itself (not one of ours) still reaches the user in Vietnamese."""
    from flask import session
    from flask_wtf import FlaskForm
    from wtforms import SelectField, StringField
    from wtforms.validators import Length

    class Probe(FlaskForm):
        name = StringField(validators=[Length(max=3)])
        choice = SelectField(choices=[("a", "A")])

    with app.test_request_context("/", method="POST", data={"name": "toolong", "choice": "z"}):
        session["locale"] = "vi"
        form = Probe()
        form.validate()
        assert form.name.errors == ["Không được dài quá 3 ký tự."]
        assert form.choice.errors == ["Lựa chọn không hợp lệ."]
