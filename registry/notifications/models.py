"""The outbox: what a user must be told, written with the change that caused it.

A notification's life (``status``)::

    pending ──dispatch──▶ queued ──claim──▶ sending ──SMTP 250──▶ sent
       ▲                    ▲                 │ 4xx / no connection: back to queued, retried later
       │                    └─────────────────┘ 5xx, or retries exhausted: failed (shown to admins)
    held ──digest job──▶ digested (mailed inside one ``digest`` notification)
    skipped: the recipient does not want mail of this kind (still shown in the app)

A ``sending`` claim older than CLAIM_TIMEOUT (a worker died mid-mail) is put back to
``queued`` by the periodic dispatcher; ``failed`` rows go out again only when an admin asks.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from flask_babel import lazy_gettext as _l

from registry.accounts.models import User
from registry.extensions import db
from registry.clock import now_utc

PENDING = "pending"    # written, not yet handed to the queue
QUEUED = "queued"      # handed to the queue, not yet mailed
SENDING = "sending"    # claimed by one delivery job; SMTP in progress
SENT = "sent"
FAILED = "failed"      # permanent failure, shown to the province's admins
HELD = "held"          # waits for the user's digest
DIGESTED = "digested"  # went out inside a digest (``digest_id``)
SKIPPED = "skipped"    # the user does not want this kind by mail
UNDELIVERED = (PENDING, QUEUED, SENDING)
# What each state is called on the operations page.
STATUS_LABELS = {
    PENDING: _l("Waiting to be queued"), QUEUED: _l("In the queue"), SENDING: _l("Being sent"), SENT: _l("Sent"),
    FAILED: _l("Refused by the mail server"), HELD: _l("Waiting for a digest"), DIGESTED: _l("Sent in a digest"),
    SKIPPED: _l("Not mailed (the user's choice)"),
}

IMMEDIATELY, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
FREQUENCIES = (IMMEDIATELY, DAILY, WEEKLY, NEVER)
DEFAULT_FREQUENCY = DAILY


class Notification(db.Model):
    """One message to one user. ``dedup_key`` is unique: the same fact is told once."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # Which province the fact concerns, for the admins' view of failures; not a tenant filter:
    # a notification belongs to its recipient.
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"), index=True)
    link: Mapped[str] = mapped_column(String(500), default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    immediate: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    # When a delivery job is expected to (re)try; the dispatcher re-enqueues rows left behind.
    next_attempt_at: Mapped[datetime | None]
    # When a delivery job claimed the row (status ``sending``); a stale claim means a dead worker.
    claimed_at: Mapped[datetime | None]
    # The digest notification this one went out in.
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id", ondelete="SET NULL"), index=True)

    user: Mapped[User] = relationship()


class NotificationPreference(db.Model):
    """How often a user wants mail and which kinds they do not want. No row: the defaults."""

    __tablename__ = "notification_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    frequency: Mapped[str] = mapped_column(String(10), default=DEFAULT_FREQUENCY)
    muted_kinds: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
