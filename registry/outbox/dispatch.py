"""Hand notifications to the queue: claim first, then enqueue with the claimed job id.

1. **Claim.** One UPDATE moves pending rows to ``queued`` and gives each the id of the job
   that will deliver it. Two dispatchers at once (the minute's dispatcher, a request's
   commit, a command) never take the same row, so no row is queued twice.
2. **Enqueue** each claimed row with that job id: account mail on the ``urgent`` queue,
   everything else on ``mail``. If Redis cannot take it, the rows not yet enqueued go back to
   ``pending`` for the next dispatch.
3. **Recover** (the minute's dispatcher): rows whose job is gone — Redis was flushed, the
   job failed or ended without recording, its worker died — go back to ``pending`` and are
   dispatched again at once (``recovery``).
"""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import current_app
from rq import Retry
from sqlalchemy import String, and_, cast, literal, or_, select, update

from registry.clock import now_utc
from registry.extensions import db
from registry.outbox.models import PENDING, QUEUED, SENDING, Notification
from registry.queue import MAIL, URGENT, QueueUnavailable, enqueue, redis_connection

log = logging.getLogger(__name__)

# RQ stops a delivery job after this long (SMTP's own timeout is 30 s per step).
DELIVERY_TIMEOUT = 300
# Rows no job can be asked about (delivered in-process, or handed out before jobs had ids): a
# claim older than this belongs to a process that died; a queued row this old lost its job.
CLAIM_TIMEOUT = timedelta(minutes=10)
QUEUED_TIMEOUT = timedelta(minutes=30)
# A row is looked at by the recovery only this long after it was queued or claimed, so that a
# dispatch that has claimed a row and not yet enqueued its job is left alone.
QUEUED_GRACE = timedelta(seconds=15)
CLAIM_GRACE = timedelta(seconds=10)
DISPATCH_BATCH = 200
RECOVERY_BATCH = 2000


def mail_retry() -> Retry:
    """Growing delays between attempts after a temporary SMTP failure (MAIL_RETRY_INTERVALS)."""
    intervals = list(current_app.config["MAIL_RETRY_INTERVALS"])
    return Retry(max=len(intervals), interval=intervals)


def queue_for(immediate: bool) -> str:
    """Account mail (a password reset, an invitation) must not wait behind a morning's reminders."""
    return URGENT if immediate else MAIL


def dispatch_pending(ids=None, limit: int = DISPATCH_BATCH) -> int:
    """Claim up to ``limit`` pending rows (only ``ids`` if given) and enqueue them; returns how many.

    If the queue cannot be reached the rows go back to pending and a later dispatch takes them.
    """
    if ids is not None and not ids:
        return 0
    token = uuid.uuid4().hex[:12]
    job_id = literal("notification-") + cast(Notification.id, String) + literal(f"-{token}")
    chosen = select(Notification.id).where(Notification.status == PENDING)
    if ids is not None:
        chosen = chosen.where(Notification.id.in_(list(ids)))
    chosen = chosen.order_by(Notification.id).limit(limit)
    claimed = db.session.execute(
        update(Notification).where(Notification.id.in_(chosen.scalar_subquery()), Notification.status == PENDING)
        .values(status=QUEUED, job_id=job_id, next_attempt_at=now_utc())
        .returning(Notification.id, Notification.immediate, Notification.job_id),
        execution_options={"synchronize_session": False},
    ).all()
    db.session.commit()
    return _enqueue_claimed(sorted(claimed))


def _enqueue_claimed(claimed) -> int:
    from registry.outbox.tasks import deliver_notification

    for index, (notification_id, immediate, job_id) in enumerate(claimed):
        try:
            enqueue(deliver_notification, notification_id, queue=queue_for(immediate), retry=mail_retry(),
                    job_id=job_id, job_timeout=DELIVERY_TIMEOUT)
        except QueueUnavailable as error:
            waiting = [row[2] for row in claimed[index:]]
            db.session.execute(
                update(Notification).where(Notification.job_id.in_(waiting), Notification.status == QUEUED)
                .values(status=PENDING, job_id=None), execution_options={"synchronize_session": False},
            )
            db.session.commit()
            log.warning("queue unavailable, %d notifications wait in the outbox: %s", len(waiting), error)
            return index
    return len(claimed)


def dispatch_all_pending() -> int:
    """Every pending row, batch after batch, until none is left or Redis stops taking them."""
    handed = 0
    while batch := dispatch_pending():
        handed += batch
        if batch < DISPATCH_BATCH:
            break
    return handed


def dispatch_outbox() -> int:
    """The minute's dispatcher: every pending row, then every row whose job was lost."""
    return dispatch_all_pending() + recover_lost()


def recover_lost() -> int:
    """Put rows whose delivery job is gone back to pending and dispatch them; returns how many."""
    now = now_utc()
    lost = _lost_per_rq(now)
    lost += [row for row in _stale(now) if row not in lost]
    released = [notification_id for notification_id, status, job_id in lost if _release(notification_id, status, job_id)]
    db.session.commit()
    if not released:
        return 0
    log.warning("%d notifications had lost their delivery job; dispatched again: %s", len(released), released[:20])
    return sum(dispatch_pending(released[start:start + DISPATCH_BATCH])
               for start in range(0, len(released), DISPATCH_BATCH))


def _lost_per_rq(now) -> list[tuple[int, str, str]]:
    """Queued or sending rows whose job RQ's records show gone (``recovery``)."""
    from registry.outbox import recovery

    connection = redis_connection()
    if connection is None:
        return []
    rows = [tuple(row) for row in db.session.execute(
        select(Notification.id, Notification.status, Notification.job_id).where(
            Notification.job_id.is_not(None),
            or_(and_(Notification.status == QUEUED, Notification.next_attempt_at < now - QUEUED_GRACE),
                and_(Notification.status == SENDING, Notification.claimed_at < now - CLAIM_GRACE)),
        ).order_by(Notification.id).limit(RECOVERY_BATCH))]
    gone = recovery.lost_jobs(connection, [(job_id, status == SENDING) for _, status, job_id in rows])
    return [row for row in rows if row[2] in gone]


def _stale(now) -> list[tuple[int, str, str | None]]:
    """Rows no job can be asked about (in-process, or queued before jobs had ids), and claims so old
    that their job's own timeout has surely ended them."""
    return [tuple(row) for row in db.session.execute(
        select(Notification.id, Notification.status, Notification.job_id).where(or_(
            and_(Notification.status == QUEUED, Notification.job_id.is_(None),
                 Notification.next_attempt_at < now - QUEUED_TIMEOUT),
            and_(Notification.status == SENDING, Notification.claimed_at < now - CLAIM_TIMEOUT),
        )).order_by(Notification.id).limit(RECOVERY_BATCH))]


def _release(notification_id: int, status: str, job_id: str | None) -> bool:
    """Back to pending, unless the row moved on since it was read (its job woke up after all)."""
    same_job = Notification.job_id.is_(None) if job_id is None else Notification.job_id == job_id
    return bool(db.session.execute(
        update(Notification).where(Notification.id == notification_id, Notification.status == status, same_job)
        .values(status=PENDING, job_id=None), execution_options={"synchronize_session": False},
    ).rowcount)
