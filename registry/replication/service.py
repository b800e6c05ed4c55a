"""State changes of replication sites: add, edit, pause, resume, end. One table of moves.

Every change is an audit event on the site (entity ``replication_site``) whose note is
``model_id=<id>``, so the model's history can list its sites' events.
Callers commit; nothing here commits.
"""
from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, insert, select, text, update

from registry.audit.models import AuditEvent
from registry.audit.service import diff
from registry.movement.history import MODEL_KEY, record_for_model
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import ENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, ReplicationSite
from registry.replication.queries import store_coverage
from registry.tenants.models import Ward

log = logging.getLogger(__name__)

EDITABLE = ("ward_id", "sub_unit", "setting", "started_on", "teams", "members", "households", "cameras", "notes")
# action → (statuses it may start from, status it leads to)
MOVES = {
    "pause": ((SITE_ACTIVE,), SITE_PAUSED),
    "resume": ((SITE_PAUSED,), SITE_ACTIVE),
    "end": ((SITE_ACTIVE, SITE_PAUSED), SITE_ENDED),
}
MOVE_EVENTS = {"pause": "site_paused", "resume": "site_resumed", "end": "site_ended"}
MOVE_LABELS = {"pause": _l("Pause"), "resume": _l("Resume"), "end": _l("End the site")}


class ModelEnded(Exception):
    """An ended model accepts no new sites."""


class SiteConflict(Exception):
    """The site changed since the user loaded it; nothing was saved."""

    def __init__(self, site: ReplicationSite):
        super().__init__(site.id)
        self.site = site


class MoveRefused(Exception):
    """The move is not allowed from the site's current status."""


class SitesChanged(Exception):
    """Some of the sites a bulk update was based on changed meanwhile; the caller rolls back."""


def snapshot(site: ReplicationSite) -> dict:
    """The site as its history records it: the ward by name, as a model's origin ward is."""
    values = {field: getattr(site, field) for field in (*EDITABLE, "status")}
    values["ward_id"] = db.session.get(Ward, site.ward_id).name if site.ward_id else None
    return values


def allowed_moves(site: ReplicationSite) -> list[str]:
    return [action for action, (sources, _target) in MOVES.items() if site.status in sources]


def accepts_sites(model: MovementModel) -> bool:
    return model.status != ENDED


# What a new site holds for a field its row does not give (the columns' defaults).
NEW_SITE = {field: None for field in EDITABLE} | {"sub_unit": "", "notes": "", "status": SITE_ACTIVE}


def _actor(actor_id: int | None) -> int | None:
    if actor_id is not None:
        return actor_id
    return current_user.id if current_user and current_user.is_authenticated else None


def add_sites(model: MovementModel, rows: list[dict], action: str = "site_added",
              actor_id: int | None = None) -> list[int]:
    """New sites of ``model``, each with its audit event, written in bulk (an import brings up
    to 100,000: one ORM object per row cost half a millisecond each). Returns their ids in the
    order of ``rows``; raises ModelEnded."""
    if not accepts_sites(model):
        raise ModelEnded(model.id)
    now = now_utc()
    values = [{**NEW_SITE, **row, "province_id": model.province_id, "model_id": model.id, "version": 1,
               "created_at": now, "updated_at": now} for row in rows]
    sites = ReplicationSite.__table__
    ids = _new_site_ids(len(values))
    if ids is None:  # SQLite: the ids come back from INSERT … RETURNING
        ids = list(db.session.scalars(insert(sites).returning(sites.c.id, sort_by_parameter_order=True), values))
    else:  # PostgreSQL: ids drawn first, then one pipelined executemany (no 100,000-placeholder statements)
        for site, site_id in zip(values, ids):
            site["id"] = site_id
        db.session.execute(insert(sites), values)
    store_coverage(model.province_id)
    ward_names = dict(db.session.execute(
        select(Ward.id, Ward.name).where(Ward.id.in_({site["ward_id"] for site in values}))).all())
    actor_id = _actor(actor_id)
    db.session.execute(insert(AuditEvent), [
        {"province_id": model.province_id, "actor_id": actor_id, "action": action, "entity_type": sites.name,
         "entity_id": site_id, "model_id": model.id, "created_at": now,
         "changes": {**diff({}, {**{field: site[field] for field in (*EDITABLE, "status")},
                                 "ward_id": ward_names.get(site["ward_id"])}), MODEL_KEY: model.id}}
        for site_id, site in zip(ids, values)
    ])
    log.info("%s sites added to model %s (%s)", len(ids), model.id, action)
    return ids


def update_sites(model: MovementModel, changes: list[tuple[int, int, dict, dict]], action: str = "site_updated",
                 actor_id: int | None = None) -> int:
    """Change sites of ``model`` in bulk, each with its audit event; returns how many.

    ``changes``: (site id, the version the change is based on, {field: new value}, {field:
    [old, new]} as the history shows it). One UPDATE per set of changed fields, run for all
    its sites at once, each only if still at its version; raises SitesChanged when any was
    not (the caller rolls back: nothing is half written).
    """
    sites, now = ReplicationSite.__table__, now_utc()
    groups: dict[tuple[str, ...], list[dict]] = {}
    for site_id, version, values, _history in changes:
        groups.setdefault(tuple(sorted(values)), []).append(
            {"b_id": site_id, "b_version": version, **{f"v_{field}": value for field, value in values.items()}})
    done = 0
    for fields, parameters in groups.items():
        statement = (
            update(sites)
            .where(sites.c.id == bindparam("b_id"), sites.c.version == bindparam("b_version"),
                   sites.c.model_id == model.id)
            .values({**{field: bindparam(f"v_{field}") for field in fields},
                     "version": sites.c.version + 1, "updated_at": now})
        )
        done += db.session.execute(statement, parameters).rowcount
    if done != len(changes):
        raise SitesChanged(model.id)
    if any({"ward_id", "status"} & set(values) for _id, _version, values, _history in changes):
        store_coverage(model.province_id)
    actor_id = _actor(actor_id)
    db.session.execute(insert(AuditEvent), [
        {"province_id": model.province_id, "actor_id": actor_id, "action": action, "entity_type": sites.name,
         "entity_id": site_id, "model_id": model.id, "created_at": now, "changes": {**history, MODEL_KEY: model.id}}
        for site_id, _version, _values, history in changes
    ])
    log.info("%s sites of model %s updated (%s)", done, model.id, action)
    return done


def _new_site_ids(count: int) -> list[int] | None:
    """``count`` ids from the sites' sequence (PostgreSQL), or None where there is no sequence."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return list(db.session.scalars(
        text("SELECT nextval(pg_get_serial_sequence('replication_site', 'id')) FROM generate_series(1, :count)"),
        {"count": count}))


def add_site(model: MovementModel, values: dict) -> int:
    return add_sites(model, [values])[0]


def _check_version(site: ReplicationSite, version: int | None) -> None:
    if version is not None and version != site.version:
        raise SiteConflict(site)


def update_site(site: ReplicationSite, values: dict, version: int | None) -> dict:
    """Apply ``values``; raises SiteConflict when ``version`` is not the site's. Returns the diff."""
    _check_version(site, version)
    before = snapshot(site)
    for field, value in values.items():
        setattr(site, field, value)
    changes = diff(before, snapshot(site))
    if changes:
        db.session.flush()
        if {"ward_id", "status"} & set(changes):
            store_coverage(site.province_id)
        record_for_model("site_updated", site, site.model_id, changes)
    return changes


def move_site(site: ReplicationSite, action: str, version: int | None) -> None:
    """Pause, resume or end a site; raises MoveRefused or SiteConflict."""
    _check_version(site, version)
    sources, target = MOVES.get(action, ((), None))
    if site.status not in sources:
        raise MoveRefused(action)
    before = site.status
    site.status = target
    db.session.flush()
    store_coverage(site.province_id)
    record_for_model(MOVE_EVENTS[action], site, site.model_id, {"status": [before, target]})
    log.info("site %s of model %s: %s", site.id, site.model_id, action)
