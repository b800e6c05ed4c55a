"""What the notification pages and the operations page read."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select

from registry.accounts.models import User
from registry.extensions import db
from registry.notifications.mail import DIGEST
from registry.notifications.models import FAILED, HELD, UNDELIVERED, Notification

# Mail-only kinds: the user asked for them (or they wrap others); the bell does not list them.
NOT_IN_APP = ("invitation", "password_reset", DIGEST)
PAGE_SIZE = 50


def _shown_to(user_id):
    return and_(Notification.user_id == user_id, Notification.kind.not_in(NOT_IN_APP))


def _in_app(user_id: int):
    return select(Notification).where(_shown_to(user_id))


def unread_of(user_id):
    """How many of the user's notifications the bell counts as unread, as an SQL expression:
    ``user_id`` may be a column, so the user loader reads the count with the user."""
    return (select(func.count(Notification.id))
            .where(_shown_to(user_id), Notification.read_at.is_(None))
            .scalar_subquery())


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(unread_of(user_id)))


def for_user(user_id: int, limit: int = PAGE_SIZE) -> list[Notification]:
    return list(db.session.scalars(_in_app(user_id).order_by(Notification.created_at.desc(), Notification.id.desc())
                                   .limit(limit)))


def page_for_user(user_id: int, limit: int, offset: int = 0, unread_only: bool = False) -> tuple[list[Notification], int]:
    """A page of what ``for_user`` lists (optionally only the unread), and how many there are in all."""
    statement = _in_app(user_id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(statement.order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit).offset(offset))
    return list(rows), total or 0


def owned_by(user_id: int, notification_id: int) -> Notification | None:
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id))


def failures_in(province_id: int) -> list[Notification]:
    """Notifications about the province that could not be mailed, newest first."""
    return list(db.session.scalars(
        select(Notification).join(User).where(Notification.province_id == province_id, Notification.status == FAILED)
        .order_by(Notification.created_at.desc()).limit(200)
    ))


def failure_in(province_id: int, notification_id: int) -> Notification | None:
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.province_id == province_id, Notification.status == FAILED))


def oldest_waiting(statuses: tuple[str, ...]) -> datetime | None:
    return db.session.scalar(select(func.min(Notification.created_at)).where(Notification.status.in_(statuses)))


def outbox_figures() -> dict:
    """Counts by status and the oldest undelivered (and oldest held) notification, for operations."""
    counts = dict(db.session.execute(select(Notification.status, func.count()).group_by(Notification.status)).all())
    return {
        "counts": counts,
        "oldest_undelivered": oldest_waiting(UNDELIVERED),
        "oldest_held": oldest_waiting((HELD,)),
        "failed": counts.get(FAILED, 0),
    }
