"""Counters kept in the transaction of every write (``registry.figures.counters``), for the
figures a page may not count live at national size: coverage (a million sites), models per
category and status (50,000 models), reviews on time (300,000 reviews).

Derived rows, never edited by hand: ``flask --app wsgi refresh-figures`` recounts them all.
Not ``ProvinceOwned``: they are read with an explicit province, and writing them is part of
the write that changed the rows they count (which raises the province's data version).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db

NO_RATING = ""  # ModelFigures.last_rating of models without a submitted review


class WardFigures(db.Model):
    """The sites of one ward (any status) and its live ones; a ward without a row has no site.
    Coverage counts the rows with ``live_sites > 0``."""

    __tablename__ = "ward_figures"

    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    live_sites: Mapped[int]
    sites: Mapped[int] = mapped_column(server_default="0")


class ModelFigures(db.Model):
    """How many models of a province have one category, status and latest rating."""

    __tablename__ = "model_figures"

    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_rating: Mapped[str] = mapped_column(String(20), primary_key=True)
    models: Mapped[int]


class ReviewFigures(db.Model):
    """Reviews of a province with a due date submitted on one day (Vietnam's), and how many of
    them on time: the on-time share of any span of days is a sum over these rows."""

    __tablename__ = "review_figures"

    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), primary_key=True)
    submitted_on: Mapped[date] = mapped_column(primary_key=True)
    submitted: Mapped[int]
    on_time: Mapped[int]

    # Every province's last 12 months read by one index-only range (≤ 34 × 366 entries).
    __table_args__ = (Index("ix_review_figures_day_counts", "submitted_on", "province_id", "submitted", "on_time"),)
