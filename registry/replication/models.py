"""Replication sites: where a model runs, ward by ward."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import MovementModel
from registry.sheets.imports import CANCELLED, DONE, FAILED, PARSING, READY, ImportRecord
from registry.tenants.models import ProvinceOwned, Ward

SITE_ACTIVE, SITE_PAUSED, SITE_ENDED = "active", "paused", "ended"
SITE_STATUSES = {SITE_ACTIVE: _l("Active"), SITE_PAUSED: _l("Paused"), SITE_ENDED: _l("Ended")}


class ReplicationSite(ProvinceOwned, db.Model):
    __tablename__ = "replication_site"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    # Village, residential group, agency or school, by name.
    sub_unit: Mapped[str] = mapped_column(String(255), default="")
    setting: Mapped[str | None] = mapped_column(String(40))
    started_on: Mapped[date | None]
    teams: Mapped[int | None]
    members: Mapped[int | None]
    households: Mapped[int | None]
    cameras: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(20), default=SITE_ACTIVE, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    model: Mapped[MovementModel] = relationship()
    ward: Mapped[Ward] = relationship()

    __mapper_args__ = {"version_id_col": version}


IMPORT_PARSING, IMPORT_READY, IMPORT_FAILED, IMPORT_DONE, IMPORT_CANCELLED = PARSING, READY, FAILED, DONE, CANCELLED
SITE_REFERENCE_PREFIX = "NR"


def site_reference(site_id: int) -> str:
    """The site's reference in exports and imports: "NR-000123" (the id, padded)."""
    return f"{SITE_REFERENCE_PREFIX}-{site_id:06d}"


class SiteImport(ImportRecord, ProvinceOwned, db.Model):
    """An uploaded spreadsheet of sites, checked row by row, waiting for the user's decision
    (``registry.sheets.imports``)."""

    __tablename__ = "site_import"

    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)

    model: Mapped[MovementModel] = relationship()
