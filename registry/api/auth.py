"""Who calls the API: a personal access token, and only that.

Every request to ``/api/v1`` names its user by ``Authorization: Bearer mmr_…``; a browser's
session cookie never does (the reference page and the document aside, which a signed-in person
may read), so no page's cookie can be made to write through the API and CSRF does not apply.
The token's user becomes ``current_user`` for the request, with the roles and provinces the user
holds now: a token carries no more than its user, a deactivated user's token stops at once, and
a token with the read scope writes nothing whatever its user may do.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from registry.api import tokens
from registry.api.errors import insufficient_scope, unauthorized
from registry.api.models import WRITE
from registry.extensions import login_manager

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Read by a signed-in person without a token too.
DOCUMENT_ENDPOINTS = ("api.docs", "api.openapi")
# The reference page sends an anonymous person to sign in, like any page.
PAGES = ("api.docs",)
REFUSALS = {
    tokens.EXPIRED: _l("The token has expired. Make a new one on your account's page “API tokens”."),
    tokens.REVOKED: _l("The token was revoked."),
    tokens.UNKNOWN: _l("The token is not valid."),
}


@dataclass(frozen=True)
class Caller:
    """The token a request came with (``g.api_token``); audit events take its name."""

    token_id: int
    name: str
    scope: str
    expires_at: object

    @property
    def can_write(self) -> bool:
        return self.scope == WRITE


def bearer_secret() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def rate_limit_key() -> str:
    """The limiter's bucket: the token presented (by its digest), else the client's address.
    Computed before authentication, without the database."""
    secret = bearer_secret()
    return f"api-token:{tokens.digest(secret)[:32]}" if secret else f"api-client:{request.remote_addr or 'unknown'}"


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def authenticate() -> None:
    """Before every API view: the token's user becomes the request's user, or 401."""
    secret = bearer_secret()
    if secret is None and (request.endpoint in PAGES or (
            request.endpoint in DOCUMENT_ENDPOINTS and current_user.is_authenticated)):
        return  # a person reading the reference in the browser: the session decides
    g._login_user = login_manager.anonymous_user()  # the session cookie is not asked
    if secret is None:
        raise unauthorized(_l("Send a personal access token: Authorization: Bearer <token>."), error=None)
    verdict, token, user = tokens.find(secret)
    if verdict != tokens.VALID:
        raise unauthorized(REFUSALS[verdict])
    g._login_user = user
    g.api_token = Caller(token.id, token.name, token.scope, token.expires_at)
    tokens.note_use(token)
    if request.method not in SAFE_METHODS and not g.api_token.can_write:
        raise insufficient_scope()
