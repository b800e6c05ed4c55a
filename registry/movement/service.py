"""State changes of a movement model: create, edit, status moves. One table of allowed moves.

Every change is audited in the caller's transaction; the caller commits once. A change based
on an old ``version`` raises ``StaleVersion`` carrying what was saved meanwhile.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import insert, select, update

from registry import clock
from registry.audit.models import AuditEvent
from registry.audit.service import diff, record
from registry.extensions import db
from registry.figures.schedule import refresh_due_date
from registry.movement.models import ACTIVE, DRAFT, ENDED, SUSPENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, ReplicationSite
from registry.text import fold

log = logging.getLogger(__name__)

# The fields an officer edits on the form, with the labels the history and conflicts show.
EDITABLE_FIELDS = {
    "name": _l("Name"),
    "summary": _l("Summary"),
    "category": _l("Category"),
    "target_setting": _l("Target setting"),
    "origin_ward_id": _l("Origin ward"),
    "host_organisation": _l("Host organisation"),
    "launched_on": _l("Launched on"),
    "objectives": _l("Objectives"),
    "how_it_works": _l("How it works"),
    "resources": _l("Resources and funding"),
    "review_interval_months": _l("Review interval (months)"),
    "tags": _l("Tags"),
}
STATUS_FIELDS = {
    "status": _l("Status"),
    "end_reason": _l("Reason for ending"),
    "end_reason_text": _l("Explanation"),
    "merged_into_id": _l("Merged into"),
    "ended_on": _l("Ended on"),
}
FIELD_LABELS = {**EDITABLE_FIELDS, **STATUS_FIELDS, "origin_ward": _l("Origin ward"), "merged_into": _l("Merged into")}


@dataclass(frozen=True)
class Move:
    name: str
    label: object
    sources: tuple[str, ...]
    target: str


# draft → active ⇄ suspended → ended. Nothing else is offered or accepted.
MOVES = {
    "activate": Move("activate", _l("Activate"), (DRAFT,), ACTIVE),
    "suspend": Move("suspend", _l("Suspend"), (ACTIVE,), SUSPENDED),
    "resume": Move("resume", _l("Resume"), (SUSPENDED,), ACTIVE),
    "end": Move("end", _l("End the model"), (ACTIVE, SUSPENDED), ENDED),
}


class StaleVersion(Exception):
    """Someone saved the model after the version the form was based on."""

    def __init__(self, model: MovementModel, based_on: int):
        super().__init__(f"model {model.id}: version {based_on} is older than {model.version}")
        self.model = model
        self.based_on = based_on


class MoveRefused(Exception):
    """The move is not allowed from the model's current status."""


def allowed_moves(model: MovementModel) -> list[Move]:
    return [move for move in MOVES.values() if model.status in move.sources]


def snapshot(model: MovementModel) -> dict:
    """The audited fields as the user sees them (the ward by name, not by id)."""
    values = {field: getattr(model, field) for field in (*EDITABLE_FIELDS, *STATUS_FIELDS)}
    values["origin_ward_id"] = model.origin_ward.name if model.origin_ward else None
    values["merged_into_id"] = db.session.scalar(
        select(MovementModel.name).where(MovementModel.id == model.merged_into_id)) if model.merged_into_id else None
    return values


def _check_version(model: MovementModel, based_on: int | None) -> None:
    if based_on is not None and based_on != model.version:
        raise StaleVersion(model, based_on)


NULLABLE_FIELDS = {"origin_ward_id", "launched_on"}


def _fill(model: MovementModel, data: dict) -> None:
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in NULLABLE_FIELDS:
                value = ""
            setattr(model, field, value.strip() if isinstance(value, str) else value)
    model.name_folded = fold(model.name)
    model.tags = ", ".join(tag.strip() for tag in (model.tags or "").split(",") if tag.strip())
    model.tags_folded = fold(model.tags)


def create_model(province_id: int, data: dict, user_id: int | None) -> MovementModel:
    """A new draft model of the province, audited."""
    model = MovementModel(province_id=province_id, status=DRAFT, created_by_id=user_id)
    _fill(model, data)
    refresh_due_date(model)  # before the first flush: a new model starts at version 1
    db.session.add(model)
    db.session.flush()
    db.session.refresh(model, ["origin_ward"])
    record("create", model, diff({}, snapshot(model)))
    log.info("model %s created in province %s", model.id, province_id)
    return model


def update_model(model: MovementModel, data: dict, based_on: int | None) -> dict:
    """Save the form's fields unless the model changed since ``based_on``; returns the diff."""
    _check_version(model, based_on)
    before = snapshot(model)
    interval_before, launched_before = model.review_interval_months, model.launched_on
    with db.session.no_autoflush:  # one flush, so one save is one version
        _fill(model, data)
        if (model.review_interval_months, model.launched_on) != (interval_before, launched_before):
            refresh_due_date(model)
    db.session.flush()
    db.session.refresh(model, ["origin_ward"])
    changes = diff(before, snapshot(model))
    if changes:
        changes["version"] = [model.version - 1 if based_on is None else based_on, model.version]
        record("update", model, changes)
        log.info("model %s updated: %s", model.id, sorted(changes))
    return changes


def change_status(model: MovementModel, move_name: str, based_on: int | None, *, reason: str | None = None,
                  reason_text: str | None = None, merged_into: MovementModel | None = None,
                  today: date | None = None, note: str = "") -> None:
    """Apply one allowed move; ending needs a reason (and the model merged into, or a text).

    Activating records the day the model became active in the registry (its first review falls
    due one interval later), resuming the day it resumed; ending ends its active and paused
    sites, each recorded in the model's history. ``today`` is the day of the move (Vietnam's
    day by default). ``note`` goes into the audit event, e.g. the review a decision to end was
    based on.
    """
    move = MOVES.get(move_name)
    if move is None or model.status not in move.sources:
        raise MoveRefused(move_name)
    _check_version(model, based_on)
    if move.target == ENDED and (
            not reason or (reason == "merged" and merged_into is None) or (reason == "other" and not reason_text)):
        raise MoveRefused(move_name)
    before, day = snapshot(model), today or clock.today()
    with db.session.no_autoflush:  # one flush, so one move is one version
        model.status = move.target
        if move.name == "activate":
            model.activated_on = model.activated_on or day
        elif move.name == "resume":
            model.resumed_on = day
        elif move.target == ENDED:
            model.end_reason, model.end_reason_text = reason, (reason_text or None)
            model.merged_into_id = merged_into.id if merged_into is not None else None
            model.ended_on = day
        refresh_due_date(model)
    db.session.flush()
    if move.target == ENDED:
        _end_sites(model)
    changes = diff(before, snapshot(model))
    changes["version"] = [model.version - 1 if based_on is None else based_on, model.version]
    record(move.name, model, changes, note=note)
    log.info("model %s moved %s → %s", model.id, before["status"], model.status)


ENDED_WITH_MODEL = "site_ended_with_model"


def _end_sites(model: MovementModel) -> int:
    """End the model's active and paused sites, each with an event in the model's history that
    carries the model's end date; in bulk (a model may run in thousands of places)."""
    sites = ReplicationSite.__table__
    rows = db.session.execute(
        select(sites.c.id, sites.c.status).where(sites.c.model_id == model.id,
                                                 sites.c.status.in_((SITE_ACTIVE, SITE_PAUSED)))
        .order_by(sites.c.id)).all()
    if not rows:
        return 0
    now = clock.now_utc()
    # The model's status change has noted its sites' wards for the coverage counters already.
    db.session.execute(
        update(sites).where(sites.c.id.in_([row.id for row in rows]))
        .values(status=SITE_ENDED, version=sites.c.version + 1, updated_at=now)
        .execution_options(figures_noted=True))
    for kept in [row for row in db.session.identity_map.values()
                 if isinstance(row, ReplicationSite) and row.model_id == model.id]:
        db.session.expire(kept)
    actor_id = current_user.id if current_user and current_user.is_authenticated else None
    db.session.execute(insert(AuditEvent), [
        {"province_id": model.province_id, "actor_id": actor_id, "action": ENDED_WITH_MODEL,
         "entity_type": sites.name, "entity_id": row.id, "model_id": model.id, "created_at": now,
         "changes": {"status": [row.status, SITE_ENDED], "ended_on": [None, model.ended_on.isoformat()],
                     "model": model.id}}
        for row in rows
    ])
    log.info("model %s ended: %s sites ended with it", model.id, len(rows))
    return len(rows)
