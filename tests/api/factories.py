"""Tokens for the API suites, and the URL arguments only API routes use."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from registry.accounts.models import MINISTRY_ROLES, User
from registry.accounts.service import create_user
from registry.api import tokens
from registry.extensions import db
from registry.tenants.models import Province
from tests.factories import province, ward_of
from tests.route_arguments import route_argument

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Caller:
    """A user with a token: ``headers`` authenticate a request as them."""

    user_id: int
    email: str
    token_id: int
    secret: str

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret}"}


def token_for(user: User, scope: str = "write", days: int = 30, name: str = "Hệ thống tỉnh") -> Caller:
    token, secret = tokens.issue(user, name, scope, days)
    db.session.flush()
    return Caller(user.id, user.email, token.id, secret)


def caller(role: str, slug: str | None = "quang-tri", scope: str = "write", email: str | None = None) -> Caller:
    """A new user of ``role`` (in province ``slug`` for province roles) and a token of theirs. Commits."""
    place = None if role in MINISTRY_ROLES else province(slug)
    user = create_user(email or f"api.{role}.{secrets.token_hex(4)}@test.vn", PASSWORD, role, place)
    db.session.flush()
    found = token_for(user, scope)
    db.session.commit()
    return found


@route_argument("ward_id")
def _ward_id(place: Province) -> int:
    return ward_of(place).id
