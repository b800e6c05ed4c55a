"""Assessors: the department (ministry admin) assigns two or more reviewers to each nomination;
only an assigned reviewer scores it. The caller commits."""
from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from registry.accounts.models import MINISTRY_REVIEWER, User
from registry.audit.service import record
from registry.extensions import db
from registry.nominations import notices
from registry.nominations.models import (
    ASSESSMENTS_NEEDED, BEFORE_MINISTRY, Assessment, Dossier, Nomination, NominationAssessor,
)

log = logging.getLogger(__name__)


class AssignmentError(ValueError):
    """The assignment cannot be made as asked; the message is for the user."""


def assessor_ids(nomination: Nomination) -> set[int]:
    return set(db.session.scalars(select(NominationAssessor.reviewer_id).where(
        NominationAssessor.nomination_id == nomination.id)))


def is_assessor(nomination: Nomination, user: User) -> bool:
    return user.id in assessor_ids(nomination)


def assign(nominations: list[Nomination], reviewers: list[User], actor: User) -> int:
    """Assign ``reviewers`` to each of ``nominations`` (waiting for the ministry); each ends with at
    least two assessors. Returns how many assignments were new; the new assessors are told."""
    if not nominations:
        raise AssignmentError(_("Choose at least one nomination."))
    if any(r.ministry_role != MINISTRY_REVIEWER or not r.active for r in reviewers):
        raise AssignmentError(_("Only active ministry reviewers can be assessors."))
    added = 0
    for nomination in nominations:
        if nomination.status not in BEFORE_MINISTRY:
            raise AssignmentError(_("“%(model)s” is not waiting for assessment.", model=nomination.model.name))
        already = assessor_ids(nomination)
        if len(already | {r.id for r in reviewers}) < ASSESSMENTS_NEEDED:
            raise AssignmentError(_("Each nomination needs at least two assessors."))
        for reviewer in reviewers:
            if reviewer.id in already:
                continue
            db.session.add(NominationAssessor(province_id=nomination.province_id, nomination_id=nomination.id,
                                              reviewer_id=reviewer.id, assigned_by_id=actor.id))
            record("nomination.assessor", nomination, {"assessor": [None, reviewer.id]}, actor_id=actor.id)
            notices.assessor_assigned(nomination, reviewer)
            added += 1
        db.session.flush()
        db.session.expire(nomination, ["assessors"])
    log.info("user %s assigned %s assessments on nominations %s", actor.id, added, [n.id for n in nominations])
    return added


def awaiting_score(user: User) -> list[tuple[Nomination, object]]:
    """Nominations ``user`` is assigned to and has not yet submitted a score of the current dossier,
    oldest submission first, with their model. Reads across provinces (national scope)."""
    from registry.movement.models import MovementModel

    latest = select(Dossier.id).where(Dossier.nomination_id == Nomination.id).order_by(Dossier.id.desc()).limit(1) \
        .correlate(Nomination).scalar_subquery()
    scored = select(Assessment.id).where(
        Assessment.dossier_id == latest, Assessment.reviewer_id == user.id, Assessment.submitted_at.is_not(None)
    ).correlate(Nomination).exists()
    return db.session.execute(
        select(Nomination, MovementModel).join(MovementModel, MovementModel.id == Nomination.model_id)
        .join(NominationAssessor, NominationAssessor.nomination_id == Nomination.id)
        .where(NominationAssessor.reviewer_id == user.id, Nomination.status.in_(BEFORE_MINISTRY), ~scored)
        .order_by(Nomination.submitted_at, Nomination.id)).all()
