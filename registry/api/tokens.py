"""Issuing, finding and revoking personal access tokens.

A token is ``mmr_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 bits); it is shown
once, when it is made, and kept only as its SHA-256 (see ``registry.api.models``). The prefix
lets secret scanners and people recognise a leaked one.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import joinedload

from registry.accounts.models import Membership, User
from registry.api.models import READ, SCOPES, ApiToken
from registry.clock import now_utc
from registry.extensions import db

log = logging.getLogger(__name__)

PREFIX = "mmr_"
DEFAULT_DAYS, MAX_DAYS = 90, 366
# Last use is written at most this often per token, so a busy integration costs no writes.
USE_RESOLUTION = timedelta(minutes=1)
VALID, EXPIRED, REVOKED, UNKNOWN = "valid", "expired", "revoked", "unknown"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(user: User, name: str, scope: str = READ, days: int = DEFAULT_DAYS,
          created_by: User | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret, which is never stored: show it once. The caller commits."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope}")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lives 1 to {MAX_DAYS} days")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = now_utc()
    token = ApiToken(user_id=user.id, name=name.strip()[:80], scope=scope, token_hash=digest(secret),
                     hint=secret[:len(PREFIX) + 4], created_at=now, expires_at=now + timedelta(days=days),
                     created_by_id=created_by.id if created_by and created_by.id != user.id else None)
    db.session.add(token)
    db.session.flush()
    log.info("API token %s (%s) issued to user %s for %s days", token.id, scope, user.id, days)
    return token, secret


# The token, its user, the user's active memberships and their provinces (what the session's user
# loader reads), in one prebuilt statement. Tokens and users are nobody's province rows.
_BY_DIGEST = (
    select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    .options(joinedload(User.memberships.and_(Membership.active.is_(True))))
    .where(ApiToken.token_hash == bindparam("digest")).execution_options(skip_tenant_scope=True)
)


def find(secret: str) -> tuple[str, ApiToken | None, User | None]:
    """(verdict, token, user) for a presented secret: ``VALID`` only for a live token of an
    active user; ``EXPIRED`` and ``REVOKED`` say why a known one no longer works."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return UNKNOWN, None, None
    row = db.session.execute(_BY_DIGEST, {"digest": digest(secret)}).unique().first()
    if row is None:
        return UNKNOWN, None, None
    token, user = row
    if not user.active:
        return UNKNOWN, None, None  # as if it did not exist: nothing about the account is told
    if token.is_revoked:
        return REVOKED, token, user
    if token.is_expired():
        return EXPIRED, token, user
    return VALID, token, user


def note_use(token: ApiToken) -> None:
    """Record the token's last use, at most once a minute, on a connection of its own: a read
    request's transaction writes nothing, and no request waits on another for this row."""
    now = now_utc()
    if token.last_used_at is not None and now - token.last_used_at < USE_RESOLUTION:
        return
    table = ApiToken.__table__
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == token.id, or_(
            table.c.last_used_at.is_(None), table.c.last_used_at < now - USE_RESOLUTION)).values(last_used_at=now))


def tokens_of(user_id: int) -> list[ApiToken]:
    """The user's tokens, live ones first, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())))


def own_token(user_id: int, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))


def revoke(token: ApiToken) -> None:
    """The token stops working at once (the next request looks it up). The caller commits."""
    if token.revoked_at is None:
        token.revoked_at = now_utc()
        log.info("API token %s of user %s revoked", token.id, token.user_id)
