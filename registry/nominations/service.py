"""Every change of a nomination's state, in one place, with one table of allowed moves.

Views and the demo call these functions; tests drive them directly. Each function works
in the caller's transaction (the caller commits): the move, its ``NominationEvent``, the
audit event and the notifications are written together or not at all.
"""
from __future__ import annotations

import logging
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry import clock
from registry.accounts.models import User
from registry.audit.service import diff, record
from registry.extensions import db
from registry.clock import now_utc
from registry.nominations import notices
from registry.nominations.dossier import build_snapshot
from registry.nominations import assessors, consensus, rounds
from registry.nominations.eligibility import eligibility, model_eligibility
from registry.nominations.models import (
    APPROVED, ASSESSMENTS_NEEDED, CRITERIA, DRAFT, NOMINATION_STATUSES, OPEN_NOMINATION_STATUSES, REJECTED,
    RETURNED, SCORES, SUBMITTED, UNDER_REVIEW, WITHDRAWN, Assessment, Dossier, Nomination, NominationComment,
    NominationEvent,
)

log = logging.getLogger(__name__)

# (from, to): the only moves a nomination can make.
ALLOWED_MOVES = frozenset({
    (DRAFT, SUBMITTED), (RETURNED, SUBMITTED),
    (SUBMITTED, UNDER_REVIEW),
    (SUBMITTED, APPROVED), (SUBMITTED, REJECTED), (SUBMITTED, RETURNED),
    (UNDER_REVIEW, APPROVED), (UNDER_REVIEW, REJECTED), (UNDER_REVIEW, RETURNED),
    (DRAFT, WITHDRAWN), (SUBMITTED, WITHDRAWN), (UNDER_REVIEW, WITHDRAWN), (RETURNED, WITHDRAWN),
})
DECISIONS = (APPROVED, REJECTED, RETURNED)
EDITABLE = (DRAFT, RETURNED)


class NominationError(ValueError):
    """A request the nomination cannot carry out; the message is shown to the user."""


class IllegalMove(NominationError):
    """A move that is not in ``ALLOWED_MOVES``."""


def can_move(nomination: Nomination, to_status: str) -> bool:
    return (nomination.status, to_status) in ALLOWED_MOVES


def check_move(nomination: Nomination, to_status: str) -> None:
    """Raise ``IllegalMove`` with a message for the user unless the table allows the move."""
    if not can_move(nomination, to_status):
        raise IllegalMove(_(
            "A nomination that is “%(current)s” cannot become “%(target)s”.",
            current=NOMINATION_STATUSES[nomination.status], target=NOMINATION_STATUSES[to_status],
        ))


def _move(nomination: Nomination, to_status: str, actor: User, comment: str = "") -> NominationEvent:
    check_move(nomination, to_status)
    from_status = nomination.status
    nomination.status = to_status
    event = NominationEvent(
        province_id=nomination.province_id, nomination_id=nomination.id, actor_id=actor.id,
        from_status=from_status, to_status=to_status, comment=comment,
    )
    db.session.add(event)
    record(f"nomination.{to_status}", nomination, {"status": [from_status, to_status]}, note=comment[:500],
           actor_id=actor.id)
    db.session.flush()
    log.info("nomination %s moved %s -> %s by user %s", nomination.id, from_status, to_status, actor.id)
    return event


def open_nomination_of(model_id: int) -> Nomination | None:
    return db.session.scalar(
        select(Nomination).where(Nomination.model_id == model_id, Nomination.status.in_(OPEN_NOMINATION_STATUSES))
    )


def create(model, actor: User, statement: str = "", round_=None) -> Nomination:
    """A draft nomination of ``model`` in ``round_`` (the only open round when not given).

    Refused if the round does not accept nominations, the model has an open nomination or is
    recognised, or the model does not meet ``eligibility.MODEL_RULES`` (each unmet rule named).
    """
    if round_ is None:
        open_now = rounds.open_rounds()
        round_ = open_now[0] if len(open_now) == 1 else None
        if len(open_now) > 1:
            raise NominationError(_("Choose the round to nominate into."))
    try:
        rounds.check_accepts(round_)
    except rounds.RoundError as error:
        raise NominationError(str(error)) from None
    if model.is_recognised:
        raise NominationError(_("This model is already nationally recognised."))
    if open_nomination_of(model.id) is not None:
        raise NominationError(_("This model already has an open nomination."))
    missing = model_eligibility(model, round_)
    if missing:
        raise NominationError(_("The model cannot be nominated yet: %(missing)s",
                                missing=" ".join(m.message for m in missing)))
    nomination = Nomination(
        province_id=model.province_id, model_id=model.id, round_year=round_.year, round_id=round_.id,
        statement=statement, status=DRAFT, created_by_id=actor.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(nomination)
    except IntegrityError as error:  # a concurrent request opened one first
        raise NominationError(_("This model already has an open nomination.")) from error
    db.session.add(NominationEvent(province_id=model.province_id, nomination_id=nomination.id,
                                   actor_id=actor.id, from_status=None, to_status=DRAFT))
    record("nomination.created", nomination, actor_id=actor.id)
    return nomination


def update_statement(nomination: Nomination, statement: str, actor: User) -> None:
    if nomination.status not in EDITABLE:
        raise NominationError(_("The statement can be changed only in a draft or after a return."))
    changes = diff({"statement": nomination.statement}, {"statement": statement})
    nomination.statement = statement
    if changes:
        record("nomination.statement", nomination, changes, actor_id=actor.id)


def submit(nomination: Nomination, actor: User, nomination_url: str) -> Dossier:
    """Freeze a new dossier and send the nomination to the ministry."""
    check_move(nomination, SUBMITTED)
    if nomination.round is not None and not rounds.accepts_nominations(nomination.round):
        # A returned nomination may come back after the deadline: the ministry asked for it.
        if nomination.status != RETURNED:
            raise NominationError(_("The round “%(name)s” is closed for nominations.", name=nomination.round.name))
    missing = eligibility(nomination.model, nomination.statement, nomination_url, round_=nomination.round)
    if missing:
        raise NominationError(_("The nomination cannot be submitted yet: %(missing)s",
                                missing=" ".join(m.message for m in missing)))
    if nomination.round is None:
        nomination.round_year = clock.today().year
    nomination.submitted_at = now_utc()
    _move(nomination, SUBMITTED, actor)
    dossier = Dossier(province_id=nomination.province_id, nomination_id=nomination.id,
                      snapshot=build_snapshot(nomination))
    db.session.add(dossier)
    db.session.flush()
    db.session.expire(nomination, ["dossiers"])
    notices.submitted(nomination, dossier)
    return dossier


def withdraw(nomination: Nomination, actor: User, comment: str = "") -> None:
    _move(nomination, WITHDRAWN, actor, comment)


def add_comment(nomination: Nomination, author: User, body: str, from_ministry: bool,
                notify_province: bool = True) -> NominationComment:
    if not body.strip():
        raise NominationError(_("Write a comment first."))
    comment = NominationComment(province_id=nomination.province_id, nomination_id=nomination.id,
                                author_id=author.id, body=body.strip(), from_ministry=from_ministry)
    db.session.add(comment)
    db.session.flush()
    db.session.expire(nomination, ["comments"])
    if notify_province:  # a return's request is mailed with the return itself
        notices.commented(nomination, comment)
    return comment


def assessment_of(nomination: Nomination, reviewer: User) -> Assessment | None:
    dossier = nomination.current_dossier
    if dossier is None:
        return None
    return db.session.scalar(
        select(Assessment).where(Assessment.dossier_id == dossier.id, Assessment.reviewer_id == reviewer.id)
    )


def start_assessment(nomination: Nomination, reviewer: User) -> Assessment:
    """The reviewer's assessment of the current dossier; the first one puts the nomination under review."""
    if nomination.status != UNDER_REVIEW:
        check_move(nomination, UNDER_REVIEW)  # only a submitted nomination can be assessed
    if not assessors.is_assessor(nomination, reviewer):
        raise NominationError(_("Only the assessors the department assigned can score this nomination."))
    assessment = assessment_of(nomination, reviewer)
    if assessment is None:
        assessment = Assessment(province_id=nomination.province_id, nomination_id=nomination.id,
                                dossier_id=nomination.current_dossier.id, reviewer_id=reviewer.id,
                                scores={}, comments={})
        db.session.add(assessment)
        db.session.flush()
    if nomination.status == SUBMITTED:
        _move(nomination, UNDER_REVIEW, reviewer)
    return assessment


def save_assessment(assessment: Assessment, scores: dict, comments: dict, summary: str, final: bool) -> None:
    """Store the reviewer's scores; ``final`` submits them, after which they never change."""
    if assessment.is_submitted:
        raise NominationError(_("This assessment was submitted and can no longer be changed."))
    if final and any(scores.get(name) not in SCORES for name in CRITERIA):
        raise NominationError(_("Score every criterion from 1 to 5 before submitting."))
    if final and any(not (comments.get(name) or "").strip() for name in CRITERIA):
        raise NominationError(_("Write a comment for every criterion before submitting."))
    assessment.scores = {name: scores.get(name) for name in CRITERIA}
    assessment.comments = {name: (comments.get(name) or "").strip() for name in CRITERIA}
    assessment.summary = summary.strip()
    if final:
        assessment.submitted_at = now_utc()
        record("assessment.submitted", assessment, {"scores": [None, assessment.scores]},
               actor_id=assessment.reviewer_id)


def submitted_assessments(nomination: Nomination) -> list[Assessment]:
    dossier = nomination.current_dossier
    if dossier is None:
        return []
    return db.session.scalars(
        select(Assessment).where(Assessment.dossier_id == dossier.id, Assessment.submitted_at.is_not(None))
        .order_by(Assessment.submitted_at, Assessment.id)
    ).all()


def decide(nomination: Nomination, reviewer: User, outcome: str, comment: str,
           reference: str | None = None, decided_on: date | None = None, document=None) -> NominationEvent:
    """Approve, reject or return: a comment always (for a return, what the province must add), a
    decision document to approve or reject (``registry.nominations.decisions``), two submitted
    assessments of the current dossier first, and their consensus where they diverge."""
    if outcome not in DECISIONS:
        raise NominationError(_("Unknown decision."))
    check_move(nomination, outcome)
    if not comment.strip():
        raise NominationError(_("A decision needs a comment."))
    submitted = submitted_assessments(nomination)
    if len(submitted) < ASSESSMENTS_NEEDED:
        raise NominationError(_("A decision needs two submitted assessments first."))
    if consensus.needs_consensus(nomination, submitted):
        raise NominationError(_("The assessments diverge: a third assessment or the assessors' agreed score "
                                "is needed before any decision."))
    if outcome in (APPROVED, REJECTED) and document is None:
        raise NominationError(_("Recognition and rejection are issued in a decision document of the round."))
    if outcome == APPROVED and not ((reference or "").strip() and decided_on):
        raise NominationError(_("An approval needs the decision reference and date."))
    event = _move(nomination, outcome, reviewer, comment.strip())
    nomination.decided_at = now_utc()
    if document is not None:
        nomination.decision_document_id = document.id
        nomination.decision_reference = document.number
        nomination.decision_date = document.signed_on
    if outcome == RETURNED:
        nomination.return_request = comment.strip()
        # The request heads the discussion too, so the province reads it where it answers.
        add_comment(nomination, reviewer, comment, from_ministry=True, notify_province=False)
    if outcome == APPROVED:
        nomination.recognised_dossier_id = nomination.current_dossier.id
        _recognise(nomination, reviewer, reference.strip(), decided_on)
    notices.decided(nomination, event)
    return event


def _recognise(nomination: Nomination, reviewer: User, reference: str, decided_on: date) -> None:
    nomination.decision_reference = reference
    nomination.decision_date = decided_on
    model = nomination.model
    before = {"recognised_year": model.recognised_year, "recognition_reference": model.recognition_reference}
    model.recognised_year = decided_on.year
    model.recognition_reference = reference
    record("model.recognised", model, diff(before, {"recognised_year": model.recognised_year,
                                                    "recognition_reference": reference}), actor_id=reviewer.id)
    notices.catalogue_entry(model)
