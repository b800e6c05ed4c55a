"""When two assessments of one dossier diverge, no decision until a consensus is recorded.

Divergence: a gap of ``NOMINATION_DIVERGENCE_CRITERION`` or more on any criterion, or of
``NOMINATION_DIVERGENCE_TOTAL`` or more on the total (configuration). A consensus is either a
third submitted assessment, by another assigned assessor, or the assessors' agreed score with
its reasons (``Consensus``). The caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from registry.accounts.models import User
from registry.audit.service import record
from registry.extensions import db
from registry.nominations.models import ASSESSMENTS_NEEDED, CRITERIA, SCORES, Assessment, Consensus, Nomination


@dataclass(frozen=True)
class Divergence:
    """How the first two submitted assessments differ, against the configured thresholds."""

    criteria: list[str] = field(default_factory=list)  # criteria whose gap reaches the threshold
    total_gap: int = 0
    criterion_threshold: int = 2
    total_threshold: int = 5

    @property
    def diverged(self) -> bool:
        return bool(self.criteria) or self.total_gap >= self.total_threshold


def thresholds() -> tuple[int, int]:
    config = current_app.config
    return int(config.get("NOMINATION_DIVERGENCE_CRITERION", 2)), int(config.get("NOMINATION_DIVERGENCE_TOTAL", 5))


def divergence(assessments: list[Assessment]) -> Divergence:
    """The divergence of the first two of ``assessments`` (submitted, in order); none with fewer."""
    on_criterion, on_total = thresholds()
    if len(assessments) < ASSESSMENTS_NEEDED:
        return Divergence(criterion_threshold=on_criterion, total_threshold=on_total)
    first, second = assessments[:2]
    gaps = [name for name in CRITERIA
            if abs(int(first.scores.get(name) or 0) - int(second.scores.get(name) or 0)) >= on_criterion]
    return Divergence(gaps, abs(first.total - second.total), on_criterion, on_total)


def consensus_of(nomination: Nomination) -> Consensus | None:
    dossier = nomination.current_dossier
    if dossier is None:
        return None
    return db.session.scalar(select(Consensus).where(Consensus.dossier_id == dossier.id))


def needs_consensus(nomination: Nomination, submitted: list[Assessment]) -> bool:
    """True while the first two assessments diverge and neither a third assessment nor an agreed
    score has been recorded."""
    if not divergence(submitted).diverged:
        return False
    return len(submitted) <= ASSESSMENTS_NEEDED and consensus_of(nomination) is None


def record_consensus(nomination: Nomination, actor: User, submitted: list[Assessment], scores: dict,
                     reasons: str) -> Consensus:
    """The agreed score, recorded by one of the assessors whose assessments diverged, with reasons."""
    assessors = [a.reviewer_id for a in submitted[:ASSESSMENTS_NEEDED]]
    if actor.id not in assessors:
        raise ValueError(_("Only the assessors whose scores diverged can record their agreed score."))
    if not divergence(submitted).diverged:
        raise ValueError(_("The assessments do not diverge: no consensus is needed."))
    if consensus_of(nomination) is not None:
        raise ValueError(_("A consensus was already recorded."))
    if any(scores.get(name) not in SCORES for name in CRITERIA):
        raise ValueError(_("Score every criterion from 1 to 5 before submitting."))
    if not reasons.strip():
        raise ValueError(_("Give the reasons for the agreed score."))
    consensus = Consensus(province_id=nomination.province_id, nomination_id=nomination.id,
                          dossier_id=nomination.current_dossier.id, scores={n: scores[n] for n in CRITERIA},
                          reasons=reasons.strip(), agreed_by=assessors, recorded_by_id=actor.id)
    db.session.add(consensus)
    db.session.flush()
    record("nomination.consensus", nomination, {"consensus": [None, consensus.scores]}, note=reasons[:500],
           actor_id=actor.id)
    return consensus
