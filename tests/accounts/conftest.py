"""Fixtures of the account tests: sign-in through the form, cookies copied to another browser,
the second factor required as in pilot and production."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def second_factor_required(app):
    """Ministry roles and province admins must use a second factor (pilot and production)."""
    app.config["SECOND_FACTOR_REQUIRED"] = True
    yield
    app.config["SECOND_FACTOR_REQUIRED"] = False


def sign_in(client, email: str, password: str = PASSWORD, **data):
    return client.post("/login", data={"email": email, "password": password, **data})


def copy_cookies(source, target) -> None:
    """What a thief with the cookie has: the same session cookie in another browser."""
    for name in ("session",):
        cookie = source.get_cookie(name)
        target.set_cookie(name, cookie.value)
