"""Deliver notifications by mail, exactly once to the user as far as SMTP allows.

1. **Claim.** One UPDATE moves the row to ``sending`` (from pending, queued or failed) and
   commits. A second job for the same row — a retried job, a duplicate enqueue, two
   dispatchers — finds no claimable row and does nothing; a row already ``sent`` is never
   sent again. A claim left by a dead worker is released by the dispatcher after
   CLAIM_TIMEOUT (longer than the job's timeout, so its owner is surely gone).
2. **Send** through SMTP with a Message-ID derived from the notification's id.
3. **Record** ``sent``; or, on a temporary failure (4xx, connection refused), put the row back
   to ``queued`` and raise so RQ's ``Retry`` tries again after a growing delay; on a permanent
   failure (5xx) or when retries are exhausted, record ``failed`` with the error — listed for
   the province's admins.

The remaining window: a worker killed after the SMTP server accepted the mail (250) and
before step 3 committed leaves a ``sending`` claim; after CLAIM_TIMEOUT the dispatcher
hands it out again and the user may get a second copy — with the same Message-ID, so mail
clients and servers that de-duplicate by Message-ID show it once. A worker killed at any
other moment (before or during the SMTP dialogue, after the commit) produces one mail.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from rq import get_current_job
from sqlalchemy import update

from registry.extensions import db
from registry.clock import now_utc
from registry.notifications.mail import MailError, build_message, send_message
from registry.notifications.models import FAILED, PENDING, QUEUED, SENDING, SENT, Notification

log = logging.getLogger(__name__)


class TemporaryMailFailure(RuntimeError):
    """Raised so that RQ retries the job later (see ``mail_retry``)."""


def claim(notification_id: int) -> bool:
    """Take the row for this job; False when it is sent or another live job holds it."""
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.status.in_((PENDING, QUEUED, FAILED)))
        .values(status=SENDING, claimed_at=now_utc(), attempts=Notification.attempts + 1),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.commit()
    return claimed == 1


def _retries_left() -> int:
    job = get_current_job()
    return (job.retries_left or 0) if job is not None else 0


def deliver_notification(notification_id: int) -> None:
    """Mail one notification; a second delivery of the same id sends nothing."""
    if not claim(notification_id):
        log.info("notification %s is sent or claimed already; nothing to do", notification_id)
        return
    notification = db.session.get(Notification, notification_id)
    try:
        send_message(build_message(notification))
    except MailError as error:
        _record_failure(notification, str(error), error.temporary)
        if error.temporary and _retries_left() > 0:
            raise TemporaryMailFailure(str(error)) from error
        return
    except Exception as error:
        # A bug (a template, the database): recorded and raised, so the job shows among the failed.
        _record_failure(notification, f"{type(error).__name__}: {error}", temporary=False)
        raise
    notification.status = SENT
    notification.sent_at = now_utc()
    notification.last_error = None
    db.session.commit()
    log.info("notification %s (%s) mailed to user %s", notification.id, notification.kind, notification.user_id)


def _record_failure(notification: Notification, error: str, temporary: bool) -> None:
    db.session.rollback()
    notification = db.session.get(Notification, notification.id)
    retries_left = _retries_left()
    notification.last_error = error[:2000]
    if temporary and retries_left > 0:
        job = get_current_job()
        delay = job.get_retry_interval() if job is not None else 0
        notification.status = QUEUED
        notification.next_attempt_at = now_utc() + timedelta(seconds=delay)
        log.warning("notification %s: temporary failure, %d retries left: %s", notification.id, retries_left, error)
    else:
        notification.status = FAILED
        log.error("notification %s failed after %d attempts: %s", notification.id, notification.attempts, error)
    db.session.commit()
