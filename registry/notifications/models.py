"""The outbox: what a user must be told, written with the change that caused it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.accounts.models import User
from registry.extensions import db, utcnow

PENDING = "pending"    # written, not yet handed to the queue
QUEUED = "queued"      # handed to the queue, not yet mailed
SENT = "sent"
FAILED = "failed"      # permanent failure, shown to the province's admins
HELD = "held"          # waits for the user's digest


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
