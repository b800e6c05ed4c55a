"""Write notifications in the caller's transaction; hand them to the queue after commit."""
from __future__ import annotations

import logging

from flask import g, has_request_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from registry.accounts.models import User
from registry.extensions import db
from registry.notifications.models import PENDING, QUEUED, Notification

log = logging.getLogger(__name__)


def notify(
    user: User,
    kind: str,
    dedup_key: str,
    *,
    link: str = "",
    params: dict | None = None,
    province_id: int | None = None,
    immediate: bool = False,
) -> Notification | None:
    """Add a notification to the current transaction unless ``dedup_key`` was already used.

    The caller commits. Returns None when the same notification exists already.
    """
    if db.session.scalar(select(Notification.id).where(Notification.dedup_key == dedup_key)):
        return None
    notification = Notification(
        user=user, kind=kind, dedup_key=dedup_key, link=link, params=params or {},
        province_id=province_id, immediate=immediate,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:
        # A concurrent writer recorded the same fact first: told once is enough.
        return None
    if has_request_context():
        g.outbox_touched = True
    return notification


def dispatch_pending() -> int:
    """Hand every pending immediate notification to the mail queue; returns how many.

    If the queue cannot be reached the rows stay pending and the next dispatch takes them.
    """
    from jobs.mail import deliver_notification
    from registry.queue import QueueUnavailable, enqueue

    ids = db.session.scalars(
        select(Notification.id).where(Notification.status == PENDING, Notification.immediate.is_(True))
        .order_by(Notification.id)
    ).all()
    handed = 0
    for notification_id in ids:
        try:
            enqueue(deliver_notification, notification_id, queue="mail")
        except QueueUnavailable as error:
            log.warning("queue unavailable, %d notifications wait in the outbox: %s", len(ids) - handed, error)
            break
        # Only a row still pending moves to queued: an in-process delivery has already sent it.
        db.session.execute(
            update(Notification).where(Notification.id == notification_id, Notification.status == PENDING)
            .values(status=QUEUED)
        )
        db.session.commit()
        handed += 1
    return handed


def init_app(app) -> None:
    @app.after_request
    def _dispatch_after_commit(response):
        # Only after the view committed successfully: a failed request sends nothing.
        if g.get("outbox_touched") and response.status_code < 400:
            dispatch_pending()
        return response
