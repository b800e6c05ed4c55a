"""Record audit events in the caller's transaction."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_login import current_user

from registry.audit.models import AuditEvent
from registry.extensions import db


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        field: [_plain(before.get(field)), _plain(after.get(field))]
        for field in after
        if before.get(field) != after.get(field)
    }


def record(action: str, entity, changes: dict | None = None, note: str = "", actor_id: int | None = None) -> AuditEvent:
    """Add an audit event for ``entity`` (a province-owned row with an id)."""
    if actor_id is None and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(
        province_id=entity.province_id, actor_id=actor_id, action=action,
        entity_type=entity.__tablename__, entity_id=entity.id, changes=changes or {}, note=note,
    )
    db.session.add(event)
    return event
