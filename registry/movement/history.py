"""A model's history: the audit events of the model, its attachments and its replication sites.

Convention shared with the other areas: an event about a record that belongs to a model
(entity_type ``attachment`` or ``replication_site``, or any other) carries the model's id
under the reserved key ``"model"`` of ``changes`` (a plain id, not an [old, new] pair).
``record_for_model`` writes it; ``model_history`` reads the model's own events plus every
event whose ``changes["model"]`` is that id, newest first, in one query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from registry.accounts.models import User
from registry.audit.models import AuditEvent
from registry.audit.service import record
from registry.core.formatting import format_day
from registry.extensions import db
from registry.movement.models import CATEGORIES, END_REASONS, SETTINGS, STATUSES, MovementModel
from registry.movement.service import FIELD_LABELS

MODEL_KEY = "model"
MODEL_ENTITY = "movement_model"
CHILD_ENTITIES = ("attachment", "replication_site")
ACTION_LABELS = {
    "create": _l("created"),
    "update": _l("changed"),
    "activate": _l("activated"),
    "suspend": _l("suspended"),
    "resume": _l("resumed"),
    "end": _l("ended"),
    "attach": _l("attached a file"),
    "detach": _l("removed a file"),
    "pause": _l("paused"),
    "import": _l("imported"),
    # Replication sites (registry/replication/service.py) name their events this way.
    "site_added": _l("created"),
    "site_imported": _l("created"),
    "site_updated": _l("changed"),
    "site_paused": _l("paused"),
    "site_resumed": _l("resumed"),
    "site_ended": _l("ended"),
    "site_ended_with_model": _l("ended with the model"),
    "sites_imported": _l("imported"),
    # The catalogue and the ministry's decision (registry.catalogue.service, registry.nominations.service).
    "model.adopted": _l("adopted it from the national catalogue"),
    "model.recognised": _l("recognised it for national replication"),
}
ENTITY_LABELS = {MODEL_ENTITY: _l("Model"), "attachment": _l("Attachment"), "replication_site": _l("Replication site")}
# Field codes shown through their labels; other areas may add theirs (e.g. site statuses).
VALUE_LABELS: dict[str, dict] = {
    "category": CATEGORIES, "target_setting": SETTINGS, "setting": SETTINGS, "status": STATUSES,
    "end_reason": END_REASONS,
}
# Fields of a model that no form edits, set by the catalogue and the ministry's decision.
RECORDED_FIELD_LABELS = {
    "source_model_id": _l("Adopted from"), "recognised_year": _l("Nationally recognised (year)"),
    "recognition_reference": _l("Decision reference"),
}
# Fields whose value is another record: said in words, not by its id.
RECORD_VALUES = {"source_model_id": _l("a model of the national catalogue")}
# Field labels of the records attached to a model, by entity type; the owning area adds its own.
CHILD_FIELD_LABELS: dict[str, dict] = {}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    actor: str
    changes: list[Change]

    @property
    def action(self) -> str:
        return str(ACTION_LABELS.get(self.event.action, self.event.action))

    @property
    def entity(self) -> str:
        return str(ENTITY_LABELS.get(self.event.entity_type, self.event.entity_type))


def record_for_model(action: str, entity, model_id: int, changes: dict | None = None, note: str = "") -> AuditEvent:
    """Audit a change to ``entity`` (a site, an attachment…) so it shows in the model's history."""
    event = record(action, entity, {**(changes or {}), MODEL_KEY: model_id}, note=note)
    event.model_id = model_id
    return event


def show_value(field: str, value) -> str:
    """A recorded value as a reader wants it: labels for codes, dd/mm/yyyy for dates, — for nothing."""
    if value is None or value == "":
        return "—"
    if field in RECORD_VALUES:
        return str(RECORD_VALUES[field])
    labels = VALUE_LABELS.get(field)
    if labels and value in labels:
        return str(labels[value])
    if isinstance(value, (date, datetime)):
        return format_day(value)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_day(date.fromisoformat(value))
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    return str(value)


def describe(event: AuditEvent) -> list[Change]:
    """The event's changes a reader sees: labelled, and none that shows the same on both sides
    (nothing → empty text)."""
    labels = CHILD_FIELD_LABELS.get(event.entity_type) or {**RECORDED_FIELD_LABELS, **FIELD_LABELS}
    changes = []
    for field, pair in (event.changes or {}).items():
        if field in (MODEL_KEY, "version") or not isinstance(pair, (list, tuple)) or len(pair) != 2:
            continue
        old, new = show_value(field, pair[0]), show_value(field, pair[1])
        if old != new:
            changes.append(Change(field, str(labels.get(field) or FIELD_LABELS.get(field, field)), old, new))
    return changes


def _events_statement(model_id: int):
    return (
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(or_(
            and_(AuditEvent.entity_type == MODEL_ENTITY, AuditEvent.entity_id == model_id),
            and_(AuditEvent.entity_type.in_(CHILD_ENTITIES), AuditEvent.model_id == model_id),
        ))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )


def model_history(model_id: int, limit: int = 100) -> list[HistoryEntry]:
    """The newest ``limit`` events of a model and of the records attached to it (one query)."""
    rows = db.session.execute(_events_statement(model_id).limit(limit)).all()
    system = str(_l("System"))
    return [HistoryEntry(event, user.display_name if user else system, describe(event))
            for event, user in rows]


def changes_since(model_id: int, version: int) -> tuple[dict[str, list], list[str]]:
    """What the model's own saves after ``version`` changed: {field: [old, new]} and who saved.

    Used to tell an officer, whose form was based on ``version``, what happened meanwhile.
    """
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == MODEL_ENTITY, AuditEvent.entity_id == model_id)
        .order_by(AuditEvent.id)
    ).all()
    merged: dict[str, list] = {}
    actors: list[int] = []
    for event in events:
        versions = (event.changes or {}).get("version")
        if not versions or versions[0] < version:
            continue
        actors.append(event.actor_id)
        for field, pair in event.changes.items():
            if field == "version":
                continue
            merged[field] = [merged[field][0] if field in merged else pair[0], pair[1]]
    names = db.session.scalars(select(User).where(User.id.in_([a for a in actors if a]))).all()
    return merged, sorted({user.display_name for user in names})


def recent_changes(limit: int = 10) -> list[tuple[HistoryEntry, int, str]]:
    """The current province's newest ``limit`` changes to its models and their records, each with
    its model's id and name (one query on the events' time index)."""
    model_id = func.coalesce(AuditEvent.model_id, AuditEvent.entity_id)
    rows = db.session.execute(
        select(AuditEvent, User, MovementModel.id, MovementModel.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .join(MovementModel, MovementModel.id == model_id)
        .where(or_(AuditEvent.entity_type == MODEL_ENTITY,
                   and_(AuditEvent.entity_type.in_(CHILD_ENTITIES), AuditEvent.model_id.is_not(None))))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)
    ).all()
    system = str(_l("System"))
    return [(HistoryEntry(event, user.display_name if user else system, describe(event)), mid, name)
            for event, user, mid, name in rows]
