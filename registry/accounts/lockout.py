"""Slow down, then lock, repeated failed sign-ins on one account."""
from __future__ import annotations

from datetime import datetime, timedelta

from registry.accounts.models import User
from registry.clock import now_utc

# From the third failure each attempt must wait a little longer; the sixth locks.
FREE_ATTEMPTS = 2
LOCK_AFTER = 6
LOCK_FOR = timedelta(minutes=15)


def wait_before_next_attempt(user: User, now: datetime | None = None) -> timedelta:
    """How long the account must wait before another password is checked."""
    now = now or now_utc()
    locked_until = user.locked_until
    if locked_until and locked_until > now:
        return locked_until - now
    last_failure = user.last_failed_login_at
    if user.failed_logins <= FREE_ATTEMPTS or last_failure is None:
        return timedelta(0)
    delay = timedelta(seconds=5 * 2 ** (user.failed_logins - FREE_ATTEMPTS - 1))
    return max(timedelta(0), last_failure + delay - now)


def is_locked(user: User, now: datetime | None = None) -> bool:
    locked_until = user.locked_until
    return bool(locked_until and locked_until > (now or now_utc()))


def record_failure(user: User, now: datetime | None = None) -> None:
    now = now or now_utc()
    if user.locked_until and user.locked_until <= now:
        user.failed_logins = 0
        user.locked_until = None
    user.failed_logins += 1
    user.last_failed_login_at = now
    if user.failed_logins >= LOCK_AFTER:
        user.locked_until = now + LOCK_FOR


def record_success(user: User) -> None:
    user.failed_logins = 0
    user.last_failed_login_at = None
    user.locked_until = None
