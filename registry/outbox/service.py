"""Write notifications in the caller's transaction; send them again on request.

A row written during a request is handed to the queue right after the request's commit
(``registry.outbox.init_app``); every other row by the dispatcher, which runs every minute.
Nothing is lost when Redis is down or hung: the row stays ``pending`` until a dispatch
reaches the queue.
"""
from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from registry.accounts.models import User
from registry.clock import now_utc
from registry.extensions import db
from registry.outbox import policy
from registry.outbox.models import FAILED, PENDING, Notification

NOTIFY_BATCH = 1000


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

    ``immediate``: account mail (invitations, password resets …), mailed at once whatever the
    recipient's preferences, on the urgent queue. The caller commits. Returns None when the
    same notification exists already.
    """
    if db.session.scalar(select(Notification.id).where(Notification.dedup_key == dedup_key)):
        return None
    [status] = policy.current().statuses([(user, kind, immediate)])
    notification = Notification(
        user=user, kind=kind, dedup_key=dedup_key, link=link, params=params or {},
        province_id=province_id, immediate=immediate, status=status,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notification)
    except IntegrityError:
        # A concurrent writer recorded the same fact first: told once is enough.
        return None
    _written_in_request([notification.id])
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
        statuses = policy.current().statuses([(item["user"], item["kind"], False) for item in batch])
        now = now_utc()
        rows = [{"user_id": item["user"].id, "kind": item["kind"], "dedup_key": item["dedup_key"], "link": item["link"],
                 "params": item["params"], "province_id": item["province_id"], "immediate": False, "attempts": 0,
                 "status": status, "created_at": now} for item, status in zip(batch, statuses)]
        table = Notification.__table__
        inserted = dict(db.session.execute(
            _insert_new(db.session.get_bind().dialect.name).returning(table.c.dedup_key, table.c.id), rows
        ).all())
        written += [item for item in batch if item["dedup_key"] in inserted]
        _written_in_request(inserted.values())
    return written


def _insert_new(dialect: str):
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING, in the engine's dialect."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(Notification.__table__).on_conflict_do_nothing(index_elements=["dedup_key"])


def _written_in_request(ids) -> None:
    """Remember what this request wrote, so that it goes to the queue right after the commit."""
    if has_request_context():
        g.setdefault("outbox_ids", set()).update(ids)


def written_in_request() -> set[int]:
    return g.get("outbox_ids", set()) if has_request_context() else set()


def resend(notifications: list[Notification]) -> int:
    """Send failed notifications again (after their address or the mail server was fixed).

    The caller commits; the rows go to the queue after the commit. Returns how many.
    """
    ids = [n.id for n in notifications if n.status == FAILED]
    if not ids:
        return 0
    db.session.execute(
        update(Notification).where(Notification.id.in_(ids), Notification.status == FAILED)
        .values(status=PENDING, last_error=None, job_id=None),
        execution_options={"synchronize_session": "fetch"},
    )
    _written_in_request(ids)
    return len(ids)
