"""Nominations of models for national replication, and their frozen dossiers."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db, utcnow
from registry.movement.models import MovementModel
from registry.tenants.models import ProvinceOwned

NOMINATION_STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_review": _l("Under review"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "returned": _l("Returned for changes"),
    "withdrawn": _l("Withdrawn"),
}
OPEN_NOMINATION_STATUSES = ("draft", "submitted", "under_review", "returned")


class Nomination(ProvinceOwned, db.Model):
    __tablename__ = "nomination"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    round_year: Mapped[int] = mapped_column(index=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision_reference: Mapped[str | None] = mapped_column(String(120))
    decision_date: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)

    model: Mapped[MovementModel] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Dossier(ProvinceOwned, db.Model):
    """The model, sites, reviews and figures as they stood at one submission. Never changed."""

    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NominationEvent(ProvinceOwned, db.Model):
    """One move of a nomination's state, with who, when and the mandatory comment."""

    __tablename__ = "nomination_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
