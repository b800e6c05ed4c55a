"""Each province's dashboard figures as the refresh job last computed them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.tenants.models import ProvinceOwned


class ProvinceFigures(ProvinceOwned, db.Model):
    """One row per province: counts over its models, sites and reviews (see ``summary``).

    Province-owned, so a province page reads only its own row through the usual scoping.
    """

    __tablename__ = "province_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), unique=True)
    figures: Mapped[dict] = mapped_column(JSON)
    refreshed_at: Mapped[datetime]
