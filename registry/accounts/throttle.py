"""Sign-in throttling (Flask-Limiter): slow guessing down, never lock an account out.

Only failed attempts count, under keys that do not depend on whether the address exists, so a
known and an unknown address are answered alike, throttled alike:

- one address from one client: 5 failures per 5 minutes (one guesser on one account);
- one client, whatever the address: 30 failures per 5 minutes (one guesser trying many);
- one address from any client: 20 failures per hour (many guessers on one account), except in a
  browser where that address signed in before (a signed "known browser" cookie): a stranger can
  throttle guessers, not the account's own user, who never waits longer than the pair's window;
- the second step (a code): 5 failures per 5 minutes per account waiting for its code;
- forgotten passwords: 3 requests per hour per address, 10 per hour per client.

Counts live in Redis when ``REDIS_URL`` is set (every web process sees them), else in memory.
A refused attempt answers 429 with the same page and the same "wait" wording for everyone.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from math import ceil

from flask import current_app, g, render_template, request, session
from flask_limiter import RateLimitExceeded
from itsdangerous import BadSignature, URLSafeSerializer

from registry.extensions import client_address, limiter

PAIR = "5 per 5 minutes"
CLIENT = "30 per 5 minutes"
ADDRESS = "20 per hour"
CODE = "5 per 5 minutes"
FORGOT_ADDRESS = "3 per hour"
FORGOT_CLIENT = "10 per hour"
KNOWN_BROWSERS = 5  # addresses remembered per browser


def _address() -> str:
    email = (request.form.get("email") or "").strip().lower()[:254]
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def address_key() -> str:
    return "address:" + _address()


def pair_key() -> str:
    return f"pair:{_address()}:{client_address()}"


def client_key() -> str:
    return "client:" + client_address()


def pending_key() -> str:
    return f"code:{(session.get('pending_sign_in') or {}).get('user', 'none')}"


def failed(_response) -> bool:
    """Deduct only when the view said the attempt failed."""
    return bool(g.get("attempt_failed"))


def fail() -> None:
    g.attempt_failed = True


# ---- the "known browser" cookie ---------------------------------------------------------------

def _cookie_name() -> str:
    return "__Host-known" if current_app.config["SESSION_COOKIE_SECURE"] else "known_browser"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-browser")


def _mark(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:20]


def _known_marks() -> list[str]:
    raw = request.cookies.get(_cookie_name())
    if not raw:
        return []
    try:
        marks = _serializer().loads(raw)
    except BadSignature:
        return []
    return [mark for mark in marks if isinstance(mark, str)] if isinstance(marks, list) else []


def known_browser() -> bool:
    """This browser signed in with the posted address before."""
    return _mark(request.form.get("email") or "") in _known_marks()


def remember_browser(response, email: str):
    marks = [_mark(email), *(m for m in _known_marks() if m != _mark(email))][:KNOWN_BROWSERS]
    response.set_cookie(_cookie_name(), _serializer().dumps(marks), max_age=365 * 24 * 3600, path="/",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax")
    return response


# ---- the limits, as decorators of the routes ---------------------------------------------------

def sign_in_limits(view):
    view = limiter.limit(ADDRESS, key_func=address_key, methods=["POST"], deduct_when=failed,
                         exempt_when=known_browser)(view)
    view = limiter.limit(CLIENT, key_func=client_key, methods=["POST"], deduct_when=failed)(view)
    return limiter.limit(PAIR, key_func=pair_key, methods=["POST"], deduct_when=failed)(view)


def code_limits(view):
    view = limiter.limit(CLIENT, key_func=client_key, methods=["POST"], deduct_when=failed)(view)
    return limiter.limit(CODE, key_func=pending_key, methods=["POST"], deduct_when=failed)(view)


def forgot_limits(view):
    view = limiter.limit(FORGOT_CLIENT, key_func=client_key, methods=["POST"])(view)
    return limiter.limit(FORGOT_ADDRESS, key_func=address_key, methods=["POST"])(view)


def refused(error: RateLimitExceeded):
    """429: the same page and wording whoever asked, with how long to wait."""
    current = limiter.current_limit
    seconds = max(1, ceil(current.reset_at - time.time())) if current else 60
    minutes = max(1, ceil((seconds - 1) / 60))  # reset_at is rounded up a second
    body = render_template("accounts/throttled.html", minutes=minutes, back=request.path)
    return body, 429, {"Retry-After": str(seconds)}


def init_app(app) -> None:
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, refused)
