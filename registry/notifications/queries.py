"""What the bell and the notifications page read."""
from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.outbox.models import Notification
from registry.outbox.queries import shown_in_app, unread_of

PAGE_SIZE = 50


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(unread_of(user_id)))


def for_user(user_id: int, limit: int = PAGE_SIZE) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(shown_in_app(user_id))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def page_for_user(user_id: int, limit: int, offset: int = 0, unread_only: bool = False) -> tuple[list[Notification], int]:
    """A page of what ``for_user`` lists (optionally only the unread), and how many there are in all."""
    statement = select(Notification).where(shown_in_app(user_id))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(statement.order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit).offset(offset))
    return list(rows), total or 0


def owned_by(user_id: int, notification_id: int) -> Notification | None:
    return db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id))
