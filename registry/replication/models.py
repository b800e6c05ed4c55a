"""Replication sites: where a model runs, ward by ward."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import MovementModel
from registry.tenants.models import ProvinceOwned, Ward

SITE_ACTIVE, SITE_PAUSED, SITE_ENDED = "active", "paused", "ended"
SITE_STATUSES = {SITE_ACTIVE: _l("Active"), SITE_PAUSED: _l("Paused"), SITE_ENDED: _l("Ended")}


class ReplicationSite(ProvinceOwned, db.Model):
    __tablename__ = "replication_site"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    # The old ward stays known when a site moves: both wards' coverage is counted again.
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True, active_history=True)
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


IMPORT_PARSING, IMPORT_READY, IMPORT_FAILED = "parsing", "ready", "failed"
IMPORT_DONE, IMPORT_CANCELLED = "imported", "cancelled"


class SiteImport(ProvinceOwned, db.Model):
    """An uploaded spreadsheet of sites, parsed and checked, waiting for the user's decision.

    The upload is kept here (``payload``) until the parsing job has turned it into ``rows``;
    confirming then writes the valid rows without asking for the file again.
    """

    __tablename__ = "site_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(10))
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(20), default=IMPORT_PARSING, index=True)
    total: Mapped[int] = mapped_column(default=0)
    processed: Mapped[int] = mapped_column(default=0)
    # [{"line": 2, "cells": {...as typed}, "site": {...clean values} | None, "errors": [[code, params]]}]
    rows: Mapped[list | None] = mapped_column(JSON, deferred=True)
    error: Mapped[list | None] = mapped_column(JSON)
    imported: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]

    model: Mapped[MovementModel] = relationship()

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
