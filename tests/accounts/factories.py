"""Accounts for the account tests, and the URL arguments of the members' and accounts' routes."""
from __future__ import annotations

import pyotp

from registry.accounts import second_factor
from registry.accounts.models import Membership, User
from registry.accounts.service import create_user, set_membership
from registry.extensions import db
from registry.tenants.models import Province
from tests.route_arguments import route_argument

PASSWORD = "a-long-test-password"
_counter = iter(range(1, 1_000_000))


def make_account(role: str, place: Province | None = None, email: str | None = None, name: str = "") -> User:
    """A user with the test password and ``role`` (in ``place`` for province roles); flushed."""
    user = create_user(email or f"{role}.{next(_counter)}@accounts.test.vn", PASSWORD, role, place, name=name)
    db.session.flush()
    return user


def enrol(user: User) -> pyotp.TOTP:
    """Turn the user's second factor on; the authenticator app, to compute codes with."""
    secret = second_factor.new_secret()
    second_factor.enable(user, secret)
    return pyotp.TOTP(secret)


@route_argument("membership_id")
def _membership_id(place: Province) -> int:
    user = User(email=f"member.{next(_counter)}@accounts.test.vn", name="Lê Văn Thành")
    db.session.add(user)
    membership = set_membership(user, place, "officer")
    db.session.flush()
    return membership.id


@route_argument("user_id")
def _user_id(place: Province) -> int:
    return make_account("officer", place).id


__all__ = ["Membership", "PASSWORD", "enrol", "make_account"]
