"""Deliver notifications by mail."""
from __future__ import annotations

import logging

from registry.extensions import db, utcnow
from registry.notifications.mail import build_message, send_message
from registry.notifications.models import SENT, Notification

log = logging.getLogger(__name__)


def deliver_notification(notification_id: int) -> None:
    """Mail one notification; a second delivery of the same id sends nothing."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.status == SENT:
        return
    notification.attempts += 1
    send_message(build_message(notification))
    notification.status = SENT
    notification.sent_at = utcnow()
    notification.last_error = None
    db.session.commit()
    log.info("notification %s (%s) mailed to user %s", notification.id, notification.kind, notification.user_id)
