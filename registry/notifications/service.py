"""What the notification pages change: read marks, and sending refused mail again."""
from __future__ import annotations

from sqlalchemy import update

from registry.clock import now_utc
from registry.extensions import db
from registry.notifications import digests
from registry.outbox import resend
from registry.outbox.models import DIGEST, FAILED, SKIPPED, Notification


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    statement = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement.values(read_at=now_utc())).rowcount


def send_again(failures: list[Notification]) -> tuple[int, int]:
    """Send refused mail again, after its address or the mail server was fixed; the caller commits.

    A refused digest carries again what is still waiting for its recipient (its own items,
    released when it was refused, and anything held since); if a later digest took them all,
    there is nothing left to send and it is closed as skipped. Returns (resent, nothing left).
    """
    resent, empty = [], 0
    for notification in failures:
        if notification.status != FAILED:
            continue
        if notification.kind == DIGEST and not digests.gather_into(notification):
            notification.status = SKIPPED
            notification.last_error = None
            empty += 1
            continue
        resent.append(notification)
    return resend(resent), empty
