"""Movement models: the community security models a province builds and replicates.

Called ``MovementModel`` in code so it never collides with ``db.Model``; "model" in the
interface and URLs.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.clock import now_utc
from registry.sheets.imports import ImportRecord
from registry.tenants.models import ProvinceOwned, Ward

CATEGORIES = {
    "self_management": _l("Self-management"),
    "cameras": _l("Security cameras"),
    "institution_safety": _l("Agency, school and hospital safety"),
    "inter_family": _l("Inter-family groups"),
    "clan_religious": _l("Clan or religious self-governance"),
    "drug_prevention": _l("Drug prevention"),
    "traffic_order": _l("Traffic and public order"),
    "mediation": _l("Mediation"),
    "fire_prevention": _l("Fire prevention"),
    "reintegration": _l("Reintegration of people released from prison"),
    "coastal_resources": _l("Coastal and resource protection"),
    "online": _l("Online and social networks"),
    "other": _l("Other"),
}

SETTINGS = {
    "residential": _l("Residential area"),
    "agency": _l("Agency"),
    "enterprise": _l("Enterprise"),
    "school": _l("School"),
    "hospital": _l("Hospital"),
    "religious": _l("Religious establishment"),
    "market": _l("Market"),
    "industrial_park": _l("Industrial park"),
    "coastal": _l("Coastal area"),
}

DRAFT, ACTIVE, SUSPENDED, ENDED = "draft", "active", "suspended", "ended"
STATUSES = {
    DRAFT: _l("Draft"),
    ACTIVE: _l("Active"),
    SUSPENDED: _l("Suspended"),
    ENDED: _l("Ended"),
}

END_REASONS = {
    "unsuitable": _l("Unsuitable"),
    "ineffective": _l("Ineffective"),
    "merged": _l("Merged into another model"),
    "other": _l("Other"),
}

DEFAULT_REVIEW_INTERVAL_MONTHS = 6


class MovementModel(ProvinceOwned, db.Model):
    __tablename__ = "movement_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), index=True)
    target_setting: Mapped[str] = mapped_column(String(40), index=True)
    origin_ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"), index=True)
    host_organisation: Mapped[str] = mapped_column(String(255), default="")
    launched_on: Mapped[date | None]
    objectives: Mapped[str] = mapped_column(Text, default="")
    how_it_works: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    review_interval_months: Mapped[int] = mapped_column(default=DEFAULT_REVIEW_INTERVAL_MONTHS)
    # The day (Vietnam's) the model first became active in the registry, and the day it last
    # resumed after a suspension: the due date counts from them (registry.figures.schedule).
    activated_on: Mapped[date | None]
    resumed_on: Mapped[date | None]
    # Kept by registry.figures.schedule.refresh_due_date: None while the model is not running;
    # with the rating of its latest submitted review.
    next_review_due_on: Mapped[date | None] = mapped_column(index=True)
    last_rating: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    end_reason_text: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("movement_model.id"))
    ended_on: Mapped[date | None]
    # Comma-separated, as typed; ``tags_folded`` serves the diacritic-blind search.
    tags: Mapped[str] = mapped_column(String(500), default="")
    tags_folded: Mapped[str] = mapped_column(String(500), default="")
    # An adoption from the national catalogue remembers its source (in another province).
    source_model_id: Mapped[int | None] = mapped_column(ForeignKey("movement_model.id"), index=True)
    # Set only by an approved nomination.
    recognised_year: Mapped[int | None]
    recognition_reference: Mapped[str | None] = mapped_column(String(120))
    # The province keeps the end reason's notes out of the national lessons (registry.lessons).
    lesson_notes_withheld: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    # Optimistic locking: a save based on an old version is refused, never silently merged.
    version: Mapped[int] = mapped_column(default=1)

    origin_ward: Mapped[Ward | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    # Only a draft was never activated (draft → active is the only way out of draft).
    __table_args__ = (CheckConstraint(f"status = '{DRAFT}' OR activated_on IS NOT NULL", name="activated_unless_draft"),)

    @property
    def is_recognised(self) -> bool:
        return self.recognised_year is not None

    def __repr__(self) -> str:
        return f"<MovementModel {self.id}>"


class Attachment(ProvinceOwned, db.Model):
    """A file kept outside the web root; served only through a checked route."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    # Set when the file is evidence of a review or supports a nomination.
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=now_utc)


MODEL_REFERENCE_PREFIX = "MH"


def model_reference(model_id: int) -> str:
    """The model's reference in exports and imports: "MH-000045" (the id, padded)."""
    return f"{MODEL_REFERENCE_PREFIX}-{model_id:06d}"


class ModelImport(ImportRecord, ProvinceOwned, db.Model):
    """An uploaded spreadsheet of the province's models, checked row by row, waiting for the
    user's decision (``registry.sheets.imports``, ``registry.movement.importing``)."""

    __tablename__ = "model_import"
