"""Deliver one notification by mail, exactly once to the user as far as SMTP allows.

1. **Claim.** One UPDATE moves the row to ``sending`` and commits. Only the job the
   dispatcher handed the row to (its ``job_id``) may claim it, from pending, queued or failed:
   a duplicate or stray job finds nothing to claim and does nothing; a row already ``sent``
   is never sent again. If that job dies mid-delivery, the dispatcher sees it in RQ's records
   (``recovery``) and hands the row to a new job within a minute or two.
2. **Send** the mail the notifications area composes (``policy``), with a Message-ID derived
   from the notification's id.
3. **Record** ``sent``; or, on a temporary failure (4xx, connection refused), put the row back
   to ``queued`` and raise so RQ's ``Retry`` tries again after a growing delay; on a permanent
   failure (5xx) or when retries are exhausted, record ``failed`` with the error — listed on a
   failures page — and release what it carried (a digest's items go back to ``held``).

The remaining window: a worker killed after the SMTP server accepted the mail (250) and
before step 3 committed leaves a ``sending`` claim; the dispatcher hands it out again and the
user gets a second copy — with the same Message-ID, so mail clients and servers that
de-duplicate by Message-ID show it once. A worker killed at any other moment (before or
during the SMTP dialogue, after the commit) produces one mail.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from rq import get_current_job
from sqlalchemy import or_, update

from registry.clock import now_utc
from registry.extensions import db
from registry.outbox import policy
from registry.outbox.models import DIGESTED, FAILED, HELD, PENDING, QUEUED, SENDING, SENT, Notification
from registry.outbox.transport import MailError, send_message

log = logging.getLogger(__name__)


class TemporaryMailFailure(RuntimeError):
    """Raised so that RQ retries the job later (see ``dispatch.mail_retry``)."""


def claim(notification_id: int) -> bool:
    """Take the row for this job; False when it is sent, claimed, or handed to another job."""
    job = get_current_job()
    statement = update(Notification).where(
        Notification.id == notification_id, Notification.status.in_((PENDING, QUEUED, FAILED)))
    values = {"status": SENDING, "claimed_at": now_utc(), "attempts": Notification.attempts + 1}
    if job is not None:
        statement = statement.where(or_(Notification.job_id == job.id, Notification.job_id.is_(None)))
        values["job_id"] = job.id
    claimed = db.session.execute(statement.values(**values), execution_options={"synchronize_session": False}).rowcount
    db.session.commit()
    return claimed == 1


def _retries_left() -> int:
    job = get_current_job()
    return (job.retries_left or 0) if job is not None else 0


def deliver(notification_id: int) -> None:
    """Mail one notification; a second delivery of the same id sends nothing."""
    if not claim(notification_id):
        log.info("notification %s is sent, claimed or another job's; nothing to do", notification_id)
        return
    notification = db.session.get(Notification, notification_id)
    try:
        send_message(policy.current().compose(notification))
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
        released = db.session.execute(
            update(Notification).where(Notification.digest_id == notification.id, Notification.status == DIGESTED)
            .values(status=HELD), execution_options={"synchronize_session": False},
        ).rowcount
        log.error("notification %s failed after %d attempts (%d carried items released): %s",
                  notification.id, notification.attempts, released, error)
    db.session.commit()
