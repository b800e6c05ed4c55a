"""The outbox: what a user must be told, written with the change that caused it.

A notification's life (``status``)::

    pending ──claim──▶ queued ──claim──▶ sending ──SMTP 250──▶ sent
       ▲     (dispatcher,   ▲  (delivery   │ 4xx / no connection: back to queued, retried later
       │      with job_id)  │   job)       │ 5xx, or retries exhausted: failed (listed for someone to act)
       │                    └──────────────┘
       │   the job was lost (flushed Redis, dead worker): the dispatcher queues it again
    held ──digest job──▶ digested (mailed inside one digest, ``digest_id``); back to held if it is refused
    skipped: the recipient does not want this kind by mail, or there was nothing left to send

``job_id`` names the one RQ job that may deliver the row: the dispatcher sets it when it
moves the row from pending to queued, before it enqueues, and only that job may claim it.
``failed`` rows go out again only when someone asks (``resend``).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.accounts.models import User
from registry.clock import now_utc
from registry.extensions import db

PENDING = "pending"    # written, not yet handed to the queue
QUEUED = "queued"      # handed to the queue (``job_id``), not yet mailed
SENDING = "sending"    # claimed by its delivery job; SMTP in progress
SENT = "sent"
FAILED = "failed"      # refused for good: listed on a failures page, resent on request
HELD = "held"          # waits for the user's digest
DIGESTED = "digested"  # went out inside a digest (``digest_id``)
SKIPPED = "skipped"    # not mailed: the user does not want this kind, or nothing was left to send
UNDELIVERED = (PENDING, QUEUED, SENDING)

# The kind of a notification that carries others (their ``digest_id``): a digest.
DIGEST = "digest"


class Notification(db.Model):
    """One message to one user. ``dedup_key`` is unique: the same fact is told once."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    # Which province the fact concerns (None: every province of the recipient, as for a digest or
    # a password reset); it narrows which province's admins see a refusal. Not a tenant filter:
    # a notification belongs to its recipient.
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"), index=True)
    link: Mapped[str] = mapped_column(String(500), default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Account mail (invitations, password resets …): never held for a digest, sent on the urgent queue.
    immediate: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    # When it was handed to the queue, or when its delivery job is due to try again.
    next_attempt_at: Mapped[datetime | None]
    # When a delivery job claimed the row (status ``sending``).
    claimed_at: Mapped[datetime | None]
    # The RQ job that may deliver it (set by the dispatcher before enqueuing).
    job_id: Mapped[str | None] = mapped_column(String(80))
    # The digest notification this one went out in (or was last released from).
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id", ondelete="SET NULL"), index=True)

    user: Mapped[User] = relationship()
