"""State changes of replication sites: add, edit, pause, resume, end. One table of moves.

Every change is an audit event on the site (entity ``replication_site``) whose note is
``model_id=<id>``, so the model's history can list its sites' events.
Callers commit; nothing here commits.
"""
from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from registry.audit.service import diff
from registry.movement.history import record_for_model
from registry.extensions import db
from registry.movement.models import ENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, ReplicationSite
from registry.replication.queries import store_coverage

log = logging.getLogger(__name__)

EDITABLE = ("ward_id", "sub_unit", "setting", "started_on", "teams", "members", "households", "cameras", "notes")
# action → (statuses it may start from, status it leads to)
MOVES = {
    "pause": ((SITE_ACTIVE,), SITE_PAUSED),
    "resume": ((SITE_PAUSED,), SITE_ACTIVE),
    "end": ((SITE_ACTIVE, SITE_PAUSED), SITE_ENDED),
}
MOVE_EVENTS = {"pause": "site_paused", "resume": "site_resumed", "end": "site_ended"}
MOVE_LABELS = {"pause": _l("Pause"), "resume": _l("Resume"), "end": _l("End")}


class ModelEnded(Exception):
    """An ended model accepts no new sites."""


class SiteConflict(Exception):
    """The site changed since the user loaded it; nothing was saved."""

    def __init__(self, site: ReplicationSite):
        super().__init__(site.id)
        self.site = site


class MoveRefused(Exception):
    """The move is not allowed from the site's current status."""


def audit_note(model_id: int) -> str:
    """Also in the note, for reading the audit table by hand; the history reads ``changes``."""
    return f"model_id={model_id}"


def snapshot(site: ReplicationSite) -> dict:
    return {field: getattr(site, field) for field in (*EDITABLE, "status")}


def allowed_moves(site: ReplicationSite) -> list[str]:
    return [action for action, (sources, _target) in MOVES.items() if site.status in sources]


def accepts_sites(model: MovementModel) -> bool:
    return model.status != ENDED


def add_sites(model: MovementModel, rows: list[dict], action: str = "site_added") -> list[ReplicationSite]:
    """New sites of ``model`` (one flush for all), each with its audit event; raises ModelEnded."""
    if not accepts_sites(model):
        raise ModelEnded(model.id)
    sites = [
        ReplicationSite(province_id=model.province_id, model_id=model.id, **{"status": SITE_ACTIVE, **values})
        for values in rows
    ]
    db.session.add_all(sites)
    db.session.flush()
    store_coverage(model.province_id)
    for site in sites:
        record_for_model(action, site, model.id, diff({}, snapshot(site)), note=audit_note(model.id))
    log.info("%s sites added to model %s (%s)", len(sites), model.id, action)
    return sites


def add_site(model: MovementModel, values: dict) -> ReplicationSite:
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
        record_for_model("site_updated", site, site.model_id, changes, note=audit_note(site.model_id))
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
    record_for_model(MOVE_EVENTS[action], site, site.model_id, {"status": [before, target]},
                     note=audit_note(site.model_id))
    log.info("site %s of model %s: %s", site.id, site.model_id, action)
