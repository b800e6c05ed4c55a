"""Server-side sign-in sessions: a ``user_session`` row per signed-in browser.

Why a row per session rather than a per-user generation number: sign-out ends *this* browser's
session only (a copied cookie dies with it) while the user's other browsers stay signed in; the
idle timeout is kept on the server, where a stolen cookie cannot extend it; and the account page
can say where the user is signed in. Ending sessions is deleting rows.

The signed Flask cookie carries the user's id (Flask-Login's ``_user_id``) and a random token
(``_sid``); the table keeps only the token's SHA-256. The user loader reads the user, their
active memberships, the bell's count and the session row in one statement, built once; a
missing, idle (``SESSION_IDLE_MINUTES``) or too old (``SESSION_MAX_HOURS``) session, or a
deactivated user, leaves the request anonymous. Flask-Login's remember-me cookie is never set,
and one sent anyway finds no ``_sid``: it cannot bring a session back.

``last_seen_at`` is written at most once a minute per session, on a connection of its own, so
a signed-in page that only reads still only reads. Requests that are not the user's doing (the
bell's poll) do not count as activity: their views carry ``@passive``.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload

from registry.accounts.models import Membership, User, UserSession
from registry.clock import now_utc
from registry.extensions import db

log = logging.getLogger(__name__)

TOKEN_KEY = "_sid"
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def age_limit() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def _client() -> str:
    if not has_request_context():
        return ""
    agent = (request.user_agent.string or "")[:150]
    return f"{request.remote_addr or ''} · {agent}"[:200]


def create_record(user: User, second_factor: bool) -> str:
    """Add a session row for ``user`` to the transaction; return the token its cookie carries."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token), second_factor=second_factor,
                               client=_client()))
    return token


def start(user: User, second_factor: bool) -> None:
    """Sign ``user`` in: a new session row, a new cookie (nothing of the anonymous one is kept but
    the language), expired rows of anyone deleted. The caller commits."""
    prune()
    token = create_record(user, second_factor)
    session.clear()
    session[TOKEN_KEY] = token
    session["locale"] = user.locale
    login_user(user)


def current() -> UserSession | None:
    """This request's session row (read by the user loader), if signed in."""
    return g.get("user_session")


def end_current() -> None:
    """Sign out here: this session's row goes; the cookie keeps only the language. The caller commits."""
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash(token)))
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def end_all(user_id: int, keep_current: bool = False) -> int:
    """End every session of the user (but this request's one with ``keep_current``). The caller commits."""
    statement = delete(UserSession).where(UserSession.user_id == user_id)
    record = current()
    if keep_current and record is not None and record.user_id == user_id:
        statement = statement.where(UserSession.id != record.id)
    return db.session.execute(statement).rowcount or 0


def prune() -> None:
    """Delete every session past its idle time or its lifetime."""
    now = now_utc()
    db.session.execute(delete(UserSession).where(or_(
        UserSession.last_seen_at < now - idle_limit(), UserSession.created_at < now - age_limit())))


def active_of(user_id: int) -> list[UserSession]:
    """The user's sessions still running, newest first."""
    now = now_utc()
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user_id, UserSession.last_seen_at >= now - idle_limit(),
                                  UserSession.created_at >= now - age_limit())
        .order_by(UserSession.last_seen_at.desc())))


def is_expired(record: UserSession, now: datetime) -> bool:
    return now - record.last_seen_at > idle_limit() or now - record.created_at > age_limit()


def passive(view):
    """Mark a view whose requests the browser makes on its own (a poll): they do not keep the session alive."""
    view.passive_session = True
    return view


def _is_passive() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "passive_session", False))


def _touch(record: UserSession, now: datetime) -> None:
    """Note activity on a connection of its own: the request's transaction stays read-only."""
    try:
        with db.engine.begin() as connection:
            connection.execute(update(UserSession.__table__).where(UserSession.__table__.c.id == record.id)
                               .values(last_seen_at=now))
    except Exception:  # noqa: BLE001 - activity is noted again on the next request
        log.warning("could not note activity of session %s", record.id, exc_info=True)


def init_app(app, login_manager) -> None:
    from registry.notifications.queries import unread_of

    # Every signed-in request: the user, active memberships, their provinces, the bell's count and
    # the session in one statement, built once (half its cost was building it). None of them is a
    # province's row.
    signed_in = (
        select(User, unread_of(User.id), UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .options(joinedload(User.memberships.and_(Membership.active.is_(True))))
        .where(User.id == bindparam("user_id"), UserSession.token_hash == bindparam("token_hash"))
        .execution_options(skip_tenant_scope=True)
    )

    @login_manager.user_loader
    def load_user(user_id: str):
        token = session.get(TOKEN_KEY)
        if not token or not user_id.isdigit():
            return None
        row = db.session.execute(signed_in, {"user_id": int(user_id), "token_hash": _hash(token)}).unique().first()
        now = now_utc()
        if row is None or not row[0].active or is_expired(row[2], now):
            g.session_ended = True
            return None
        user, user.unread_notifications, record = row
        if now - record.last_seen_at >= TOUCH_EVERY and not _is_passive():
            _touch(record, now)
        g.user_session = record
        return user


def sign_in_client(client, user_id: int, second_factor: bool = True) -> None:
    """Sign a Flask test client in as ``user_id`` without the form: a session row and the cookie
    that points at it, as a real sign-in leaves them (tests and ``bench/``)."""
    app = client.application
    with app.app_context():
        token = create_record(db.session.get(User, user_id), second_factor)
        db.session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"], cookie[TOKEN_KEY] = str(user_id), True, token
