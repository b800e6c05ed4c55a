"""Each user's mail preferences. The notification rows themselves are the outbox's
(``registry.outbox.models``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.clock import now_utc
from registry.extensions import db

IMMEDIATELY, DAILY, WEEKLY, NEVER = "immediate", "daily", "weekly", "never"
FREQUENCIES = (IMMEDIATELY, DAILY, WEEKLY, NEVER)
DEFAULT_FREQUENCY = DAILY


class NotificationPreference(db.Model):
    """How often a user wants mail and which kinds they do not want. No row: the defaults."""

    __tablename__ = "notification_preference"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    frequency: Mapped[str] = mapped_column(String(10), default=DEFAULT_FREQUENCY)
    muted_kinds: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
