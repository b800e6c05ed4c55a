"""What the Ministry's pages read: the queue with its counts, and who may see which scores."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from registry.extensions import db
from registry.figures import queries as figures
from registry.figures import rules
from registry.movement.models import MovementModel
from registry.accounts.models import MINISTRY_REVIEWER
from registry.nominations import assessors, consensus
from registry.nominations.models import ASSESSMENTS_NEEDED, CRITERIA, Assessment, Consensus, Nomination
from registry.nominations.service import assessment_of, submitted_assessments
from registry.tenants.models import Province
from registry.web import int_arg


PER_PAGE = 50


@dataclass(frozen=True)
class QueueFilters:
    province: str = ""
    category: str = ""
    year: int | None = None
    state: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        return cls(args.get("province", ""), args.get("category", ""), int_arg("year", args=args),
                   args.get("state", ""), max(1, min(int_arg("page", 1, args) or 1, 10_000)))

    def args(self, **changes) -> dict:
        """Query arguments for ``url_for``, without the empty ones."""
        values = {"province": self.province, "category": self.category, "year": self.year, "state": self.state,
                  "page": self.page if self.page > 1 else None, **changes}
        return {key: value for key, value in values.items() if value}


def _filtered(statement, filters: QueueFilters):
    """Only nominations the ministry counts (submitted at least once): drafts are the province's own."""
    statement = statement.where(rules.seen_by_ministry(Nomination))
    if filters.province:
        statement = statement.where(Province.slug == filters.province)
    if filters.category:
        statement = statement.where(MovementModel.category == filters.category)
    if filters.year:
        statement = statement.where(Nomination.round_year == filters.year)
    return statement


def _joined(statement):
    return statement.join(MovementModel, MovementModel.id == Nomination.model_id).join(
        Province, Province.id == Nomination.province_id)


def queue(filters: QueueFilters) -> tuple[list, dict[str, int]]:
    """One page of (nomination, model, province) rows of the queue, newest first, and the count
    per state under the other filters."""
    rows_statement = _filtered(_joined(select(Nomination, MovementModel, Province)), filters)
    if filters.state:
        rows_statement = rows_statement.where(Nomination.status == filters.state)
    rows = db.session.execute(
        rows_statement.order_by(Nomination.submitted_at.desc(), Nomination.id.desc())
        .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)
    ).all()
    return rows, state_counts(filters)


def state_counts(filters: QueueFilters) -> dict[str, int]:
    """The count per state under the filters other than the state: ``count(*)`` on the
    nominations alone, joining the model and the province only to filter by them."""
    counting = select(Nomination.status, func.count())
    if filters.province or filters.category:
        counting = _joined(counting)
    return figures.nominations_by_state(_filtered(counting, filters))


def round_years() -> list[int]:
    return db.session.scalars(
        select(Nomination.round_year).where(rules.seen_by_ministry(Nomination)).distinct()
        .order_by(Nomination.round_year.desc())
    ).all()


def consensus_gaps(assessments: list[Assessment]) -> list[str]:
    """Criteria on which the first two submitted assessments differ by the configured threshold."""
    return consensus.divergence(assessments).criteria


@dataclass
class Scores:
    """The assessments of a nomination's current dossier as one user may see them."""

    mine: Assessment | None
    submitted: list[Assessment] = field(default_factory=list)
    visible: bool = False
    gaps: list[str] = field(default_factory=list)
    divergence: consensus.Divergence | None = None
    agreed: Consensus | None = None
    needs_consensus: bool = False
    assessor_ids: set[int] = field(default_factory=set)

    @property
    def averages(self) -> dict[str, float]:
        if not self.visible or not self.submitted:
            return {}
        return {name: round(sum(a.scores[name] for a in self.submitted) / len(self.submitted), 1) for name in CRITERIA}


def scores_for(nomination: Nomination, user) -> Scores:
    """Blind scoring: a reviewer sees the others' scores only after submitting their own.

    Others (the ministry admin) see them once the two needed assessments are in, or after
    the decision. Whether a consensus is needed is shown to everyone (not the scores).
    """
    mine = assessment_of(nomination, user)
    submitted = submitted_assessments(nomination)
    if mine is not None and mine.is_submitted:
        visible = True
    elif user.ministry_role == MINISTRY_REVIEWER:
        visible = nomination.is_decided
    else:
        visible = len(submitted) >= ASSESSMENTS_NEEDED or nomination.is_decided
    divergence = consensus.divergence(submitted)
    return Scores(mine=mine, submitted=submitted, visible=visible,
                  gaps=divergence.criteria if visible else [], divergence=divergence,
                  agreed=consensus.consensus_of(nomination),
                  needs_consensus=consensus.needs_consensus(nomination, submitted),
                  assessor_ids=assessors.assessor_ids(nomination))
