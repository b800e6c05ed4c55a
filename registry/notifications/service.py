"""Write notifications in the caller's transaction; hand them to the queue after commit.

Nothing is lost when Redis is down: a row stays ``pending`` until a dispatch reaches the
queue — the next request that writes a notification, or the periodic ``dispatch_outbox``
job, which also re-sends rows whose delivery job was lost (a dead worker, a flushed Redis).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, g, has_request_context
from rq import Retry
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from registry.accounts.models import User
from registry.extensions import db
from registry.clock import now_utc
from registry.notifications import preferences
from registry.notifications.models import (
    HELD, IMMEDIATELY, PENDING, QUEUED, SENDING, SKIPPED, Notification,
)

log = logging.getLogger(__name__)

# A delivery job is killed by RQ after this long (SMTP's own timeout is 30 s per step) ...
DELIVERY_TIMEOUT = 300
# ... so a claim older than this belongs to a worker that died mid-delivery.
CLAIM_TIMEOUT = timedelta(minutes=10)
# A queued row whose job has not run this long after it was due has lost its job.
QUEUED_TIMEOUT = timedelta(minutes=30)
DISPATCH_BATCH = 200
NOTIFY_BATCH = 1000


def initial_status(user: User, kind: str, immediate: bool, preference=None) -> str:
    """Mail now (pending), wait for the user's digest (held), or not at all (skipped)."""
    if immediate:
        return PENDING
    preference = preference or preferences.preference_for(user.id)
    if not preferences.wants_mail(preference, kind):
        return SKIPPED
    return PENDING if preference.frequency == IMMEDIATELY else HELD


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

    ``immediate`` mails bypass digests and preferences (invitations, password resets).
    The caller commits. Returns None when the same notification exists already.
    """
    if db.session.scalar(select(Notification.id).where(Notification.dedup_key == dedup_key)):
        return None
    notification = Notification(
        user=user, kind=kind, dedup_key=dedup_key, link=link, params=params or {},
        province_id=province_id, immediate=immediate, status=initial_status(user, kind, immediate),
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


def notify_many(planned: list[dict]) -> list[dict]:
    """``notify`` for many at once (the daily scan): each dict holds ``user``, ``kind``,
    ``dedup_key``, ``link``, ``params``, ``province_id``. Keys already used are skipped, and so
    is a key a concurrent writer takes meanwhile (the unique index decides). A few queries per
    thousand, whatever the number. Returns the dicts written; the caller commits.
    """
    written = []
    for start in range(0, len(planned), NOTIFY_BATCH):
        batch = planned[start:start + NOTIFY_BATCH]
        used = set(db.session.scalars(select(Notification.dedup_key).where(
            Notification.dedup_key.in_([item["dedup_key"] for item in batch]))))
        batch = [item for item in batch if item["dedup_key"] not in used]
        if not batch:
            continue
        chosen = preferences.preferences_for(item["user"].id for item in batch)
        now = now_utc()
        rows = [{"user_id": item["user"].id, "kind": item["kind"], "dedup_key": item["dedup_key"], "link": item["link"],
                 "params": item["params"], "province_id": item["province_id"], "immediate": False, "attempts": 0,
                 "status": initial_status(item["user"], item["kind"], False, chosen[item["user"].id]),
                 "created_at": now} for item in batch]
        inserted = set(db.session.execute(
            _insert_new(db.session.get_bind().dialect.name).returning(Notification.__table__.c.dedup_key), rows
        ).scalars())
        written += [item for item in batch if item["dedup_key"] in inserted]
    if written and has_request_context():
        g.outbox_touched = True
    return written


def _insert_new(dialect: str):
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING, in the engine's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(Notification.__table__).on_conflict_do_nothing(index_elements=["dedup_key"])


def mail_retry() -> Retry:
    """Growing delays between attempts after a temporary SMTP failure (MAIL_RETRY_INTERVALS)."""
    intervals = list(current_app.config["MAIL_RETRY_INTERVALS"])
    return Retry(max=len(intervals), interval=intervals)


def _hand_to_queue(notification_id: int) -> None:
    from registry.notifications.delivery import deliver_notification
    from registry.queue import enqueue

    enqueue(deliver_notification, notification_id, queue="mail", retry=mail_retry(), job_timeout=DELIVERY_TIMEOUT)


def dispatch_pending(limit: int = DISPATCH_BATCH) -> int:
    """Hand pending notifications to the mail queue; returns how many.

    If the queue cannot be reached the rows stay pending and a later dispatch takes them.
    """
    from registry.queue import QueueUnavailable

    ids = db.session.scalars(
        select(Notification.id).where(Notification.status == PENDING).order_by(Notification.id).limit(limit)
    ).all()
    handed = 0
    for notification_id in ids:
        try:
            _hand_to_queue(notification_id)
        except QueueUnavailable as error:
            log.warning("queue unavailable, %d notifications wait in the outbox: %s", len(ids) - handed, error)
            break
        # Only a row still pending moves to queued: an in-process delivery has already sent it.
        db.session.execute(
            update(Notification).where(Notification.id == notification_id, Notification.status == PENDING)
            .values(status=QUEUED, next_attempt_at=now_utc()), execution_options={"synchronize_session": False},
        )
        db.session.commit()
        handed += 1
    return handed


def dispatch_outbox() -> int:
    """The periodic dispatcher: pending rows, then rows whose delivery job was lost.

    A ``sending`` claim older than CLAIM_TIMEOUT is released (back to ``queued``) here, with
    this process's clock, so that the next delivery job may claim it.
    """
    from registry.queue import QueueUnavailable

    handed = 0
    while batch := dispatch_pending():
        handed += batch
        if batch < DISPATCH_BATCH:
            break
    now = now_utc()
    stale = db.session.scalars(
        select(Notification.id).where(or_(
            (Notification.status == QUEUED) & (Notification.next_attempt_at < now - QUEUED_TIMEOUT),
            (Notification.status == SENDING) & (Notification.claimed_at < now - CLAIM_TIMEOUT),
        )).order_by(Notification.id)
    ).all()
    for notification_id in stale:
        try:
            _hand_to_queue(notification_id)
        except QueueUnavailable:
            break
        db.session.execute(
            update(Notification).where(Notification.id == notification_id, Notification.status.in_((QUEUED, SENDING)))
            .values(status=QUEUED, next_attempt_at=now), execution_options={"synchronize_session": False},
        )
        db.session.commit()
        handed += 1
    if stale:
        log.warning("re-queued %d notifications whose delivery job was lost", len(stale))
    return handed


def retry_failed(notification: Notification) -> None:
    """Send a failed notification again (after its address or the mail server was fixed)."""
    notification.status = PENDING
    notification.last_error = None
    if has_request_context():
        g.outbox_touched = True


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    statement = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement.values(read_at=now_utc())).rowcount


def init_app(app) -> None:
    @app.after_request
    def _dispatch_after_commit(response):
        # Only after the view committed successfully: a failed request sends nothing.
        if g.get("outbox_touched") and response.status_code < 400:
            dispatch_pending()
        return response

