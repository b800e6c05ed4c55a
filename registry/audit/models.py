"""Audit events: who did what to which record, when, with the changed fields. Never edited."""
from __future__ import annotations

from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.clock import now_utc
from registry.tenants.models import ProvinceOwned


def acting_token_name() -> str | None:
    """The name of the API token the current request came with (``g.api_token``), if any: every
    event a token's request writes carries it, bulk inserts included (a column default)."""
    token = g.get("api_token") if has_request_context() else None
    return token.name if token is not None else None


class AuditEvent(ProvinceOwned, db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    # {"field": [old, new], ...}; values as the user saw them.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    # The model a site's or an attachment's event belongs to, so a model's history is read by
    # index (registry.movement.history), not by scanning every event's JSON.
    model_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Set when the change came through the JSON API: the name of the token it came with.
    token_name: Mapped[str | None] = mapped_column(String(80), default=acting_token_name)

    __table_args__ = (Index("ix_audit_event_entity", "entity_type", "entity_id"),)
