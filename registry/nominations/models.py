"""Nominations of models for national replication, their frozen dossiers, the ministry's
assessments and the comment thread between a province and the ministry."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.accounts.models import User
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import MovementModel
from registry.tenants.models import ProvinceOwned

DRAFT, SUBMITTED, UNDER_REVIEW = "draft", "submitted", "under_review"
APPROVED, REJECTED, RETURNED, WITHDRAWN = "approved", "rejected", "returned", "withdrawn"
NOMINATION_STATUSES = {
    DRAFT: _l("Draft"),
    SUBMITTED: _l("Submitted"),
    UNDER_REVIEW: _l("Under review"),
    APPROVED: _l("Approved"),
    REJECTED: _l("Rejected"),
    RETURNED: _l("Returned for changes"),
    WITHDRAWN: _l("Withdrawn"),
}
OPEN_NOMINATION_STATUSES = (DRAFT, SUBMITTED, UNDER_REVIEW, RETURNED)
# Waiting for the ministry: what its queue shows first.
BEFORE_MINISTRY = (SUBMITTED, UNDER_REVIEW)
_OPEN_SQL = "status IN ('draft', 'submitted', 'under_review', 'returned')"

# The rubric every reviewer fills: each criterion 1 to 5 with a comment.
CRITERIA = {
    "evidence": _l("Evidence of effect"),
    "replication": _l("Replication achieved"),
    "sustainability": _l("Sustainability (people and funding)"),
    "participation": _l("Participation of residents and organisations"),
    "transferability": _l("Fit for other provinces"),
}
# What each criterion asks, shown under it on the scoring form.
CRITERIA_HELP = {
    "evidence": _l("Figures show the effect: crimes against the 2019 baseline, tips, cases solved, targets met."),
    "replication": _l("The model already runs in other wards, villages or agencies of the province."),
    "sustainability": _l("People and funding keep it running without the police carrying it alone."),
    "participation": _l("Residents, mass organisations and businesses take part and own it."),
    "transferability": _l("Other provinces could apply it with their own means and settings."),
}
SCORES = range(1, 6)
SCORE_LABELS = {1: _l("Weak"), 2: _l("Below average"), 3: _l("Average"), 4: _l("Good"), 5: _l("Excellent")}
# Two assessments differing by this much on any criterion need a consensus (the default of
# NOMINATION_DIVERGENCE_CRITERION; registry.nominations.consensus reads the configured value).
CONSENSUS_GAP = 2
ASSESSMENTS_NEEDED = 2

ROUND_OPEN, ROUND_CLOSED = "open", "closed"
ROUND_STATUSES = {ROUND_OPEN: _l("Open"), ROUND_CLOSED: _l("Closed")}
DEFAULT_MIN_MONTHS_ACTIVE = 12


class NominationRound(db.Model):
    """A national round (đợt) the ministry opens: provinces nominate into it until its deadline."""

    __tablename__ = "nomination_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    deadline: Mapped[date]
    min_months_active: Mapped[int] = mapped_column(default=DEFAULT_MIN_MONTHS_ACTIVE)
    # The rubric and conditions the round is judged on (a reference to the ministry's guidance).
    criteria: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ROUND_OPEN, index=True)
    opened_at: Mapped[datetime] = mapped_column(default=now_utc)
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def is_open(self) -> bool:
        return self.status == ROUND_OPEN

    @property
    def status_label(self) -> str:
        return str(ROUND_STATUSES[self.status])

    def __repr__(self) -> str:
        return f"<NominationRound {self.id} {self.status}>"


class DecisionDocument(db.Model):
    """The ministry's signed decision (number, date, signer, PDF) recognising or rejecting
    several nominations of one round at once."""

    __tablename__ = "decision_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("nomination_round.id"), index=True)
    number: Mapped[str] = mapped_column(String(120))
    signed_on: Mapped[date]
    signer: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    round: Mapped[NominationRound] = relationship()


class Nomination(ProvinceOwned, db.Model):
    __tablename__ = "nomination"
    # One open nomination per model, also when two requests race (partial index, both engines).
    __table_args__ = (
        Index(
            "uq_nomination_open_model", "model_id", unique=True,
            sqlite_where=db.text(_OPEN_SQL), postgresql_where=db.text(_OPEN_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    round_year: Mapped[int] = mapped_column(index=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision_reference: Mapped[str | None] = mapped_column(String(120))
    decision_date: Mapped[date | None]
    round_id: Mapped[int | None] = mapped_column(ForeignKey("nomination_round.id"), index=True)
    decision_document_id: Mapped[int | None] = mapped_column(ForeignKey("decision_document.id"))
    # The dossier the decision recognised: what the catalogue shows, whatever the province edits later.
    recognised_dossier_id: Mapped[int | None]
    # What the ministry asked the province to add when it returned the nomination.
    return_request: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    model: Mapped[MovementModel] = relationship()
    round: Mapped[NominationRound | None] = relationship()
    decision_document: Mapped[DecisionDocument | None] = relationship()
    assessors: Mapped[list[NominationAssessor]] = relationship(order_by="NominationAssessor.id", viewonly=True)
    created_by: Mapped[User | None] = relationship()
    dossiers: Mapped[list[Dossier]] = relationship(order_by="Dossier.id", viewonly=True)
    events: Mapped[list[NominationEvent]] = relationship(order_by="NominationEvent.id", viewonly=True)
    comments: Mapped[list[NominationComment]] = relationship(order_by="NominationComment.id", viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NOMINATION_STATUSES

    @property
    def is_decided(self) -> bool:
        return self.status in (APPROVED, REJECTED)

    @property
    def current_dossier(self) -> Dossier | None:
        return self.dossiers[-1] if self.dossiers else None

    @property
    def status_label(self) -> str:
        return str(NOMINATION_STATUSES[self.status])

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.status}>"


class Dossier(ProvinceOwned, db.Model):
    """The model, sites, reviews and figures as they stood at one submission. Never changed."""

    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    nomination: Mapped[Nomination] = relationship(viewonly=True)


class NominationEvent(ProvinceOwned, db.Model):
    """One move of a nomination's state, with who, when and the mandatory comment."""

    __tablename__ = "nomination_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    actor: Mapped[User | None] = relationship()


class Assessment(ProvinceOwned, db.Model):
    """One ministry reviewer's scores of one dossier on the rubric (``CRITERIA``).

    Tied to the dossier: a resubmission after a return is assessed afresh.
    """

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("dossier_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # {criterion: 1..5} and {criterion: "comment"}
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    comments: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    reviewer: Mapped[User] = relationship()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def total(self) -> int:
        return sum(int(self.scores.get(name) or 0) for name in CRITERIA)


class NominationComment(ProvinceOwned, db.Model):
    """The thread between the province and the ministry on one nomination."""

    __tablename__ = "nomination_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_ministry: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    author: Mapped[User | None] = relationship()


class NominationAssessor(ProvinceOwned, db.Model):
    """A ministry reviewer the department assigned to score one nomination."""

    __tablename__ = "nomination_assessor"
    __table_args__ = (UniqueConstraint("nomination_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=now_utc)

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])


class Consensus(ProvinceOwned, db.Model):
    """The assessors' agreed score of one dossier whose assessments diverged, with the reasons."""

    __tablename__ = "nomination_consensus"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    reasons: Mapped[str] = mapped_column(Text, default="")
    # The ids of the assessors who agreed (the ones whose assessments diverged).
    agreed_by: Mapped[list] = mapped_column(JSON, default=list)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def total(self) -> int:
        return sum(int(self.scores.get(name) or 0) for name in CRITERIA)
