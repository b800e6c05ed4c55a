"""Adopting a recognised model: a linked draft copy in one of the adopter's provinces."""
from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from registry.audit.service import record
from registry.extensions import db
from registry.movement.models import DRAFT, ENDED, MovementModel
from registry.tenants.models import Province
from registry.text import fold

log = logging.getLogger(__name__)
COPIED = ("name", "summary", "category", "target_setting", "objectives", "how_it_works", "resources",
          "review_interval_months", "tags")


class AdoptionError(ValueError):
    """The adoption cannot be made as asked; the message is shown to the user."""


def existing_adoption(source: MovementModel, province: Province) -> MovementModel | None:
    return db.session.scalar(select(MovementModel).where(
        MovementModel.source_model_id == source.id, MovementModel.province_id == province.id,
        MovementModel.status != ENDED))


def adopt(source: MovementModel, province: Province, actor) -> MovementModel:
    """A draft copy of ``source`` in ``province``, remembering its source. The caller checks the
    actor may edit in ``province``."""
    if not source.is_recognised:
        raise AdoptionError(_("Only nationally recognised models can be adopted."))
    if source.province_id == province.id:
        raise AdoptionError(_("This model comes from your province already."))
    if existing_adoption(source, province) is not None:
        raise AdoptionError(_("Your province has already adopted this model."))
    copy = MovementModel(
        province_id=province.id, status=DRAFT, source_model_id=source.id, created_by_id=actor.id,
        name_folded=fold(source.name), **{name: getattr(source, name) for name in COPIED},
    )
    db.session.add(copy)
    db.session.flush()
    record("model.adopted", copy, {"source_model_id": [None, source.id]}, actor_id=actor.id)
    log.info("user %s adopted model %s into province %s as model %s", actor.id, source.id, province.id, copy.id)
    return copy
