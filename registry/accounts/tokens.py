"""Signed, expiring links for invitations and password resets.

Each token carries a fingerprint of the password hash, so it stops working the moment
it has been used (the password changes) — a link cannot be replayed.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from registry.accounts.models import User
from registry.extensions import db

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def fingerprint(user: User) -> str:
    """Changes with the password: what was signed before a change is refused after it."""
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"user": user.id, "fp": fingerprint(user)})


def user_for_token(token: str, purpose: str, max_age: timedelta) -> User | None:
    """The user a valid, unexpired, unused token names; None otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("fp") != fingerprint(user):
        return None
    return user
