"""Pre-aggregated dashboard figures: computed by a job, read by the dashboards in one query.

At national size a live aggregate costs a few hundred milliseconds (a million sites for the
coverage, 300,000 reviews for timeliness and the latest ratings): far over what a page may
spend. ``refresh`` computes every province's figures (``province_rows``) and stores them; the
scheduler runs it every few minutes (jobs/cron.py) and ``flask --app wsgi refresh-figures`` on
demand. Pages show the moment the figures were computed. Until a first refresh the first
dashboard request computes them.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from registry.extensions import db
from registry.clock import now_utc
from registry.national.models import ProvinceFigures
from registry.national.queries import ProvinceRow, province_rows
from registry.clock import today as vietnam_today
from registry.tenants.models import Province
from registry.tenants.scoping import national_scope

log = logging.getLogger(__name__)
REFRESH_INTERVAL_SECONDS = 300
_COUNTERS = ("by_category", "last_ratings")
_STORED = tuple(f.name for f in fields(ProvinceRow) if f.name not in ("id", "name", "slug"))


def _as_json(row: ProvinceRow) -> dict:
    return {name: dict(getattr(row, name)) if name in _COUNTERS else getattr(row, name) for name in _STORED}


def _as_row(province: Province, figures: dict) -> ProvinceRow:
    values = {name: Counter(figures.get(name, {})) if name in _COUNTERS else figures.get(name, 0) for name in _STORED}
    return ProvinceRow(province.id, province.name, province.slug, **values)


def refresh(today: date | None = None) -> datetime:
    """Compute every province's figures and store them (commits); returns the moment."""
    with national_scope():
        rows = province_rows(today or vietnam_today())
        stored = {f.province_id: f for f in db.session.scalars(select(ProvinceFigures))}
        moment = now_utc()
        for row in rows:
            kept = stored.get(row.id) or ProvinceFigures(province_id=row.id)
            kept.figures, kept.refreshed_at = _as_json(row), moment
            db.session.add(kept)
        try:
            db.session.commit()
        except IntegrityError:  # another process stored the first figures at the same moment
            db.session.rollback()
    log.info("dashboard figures refreshed for %d provinces", len(rows))
    return moment


def _stored_rows() -> list[tuple[ProvinceFigures, Province]]:
    return db.session.execute(
        select(ProvinceFigures, Province).join(Province, Province.id == ProvinceFigures.province_id)).all()


def all_provinces() -> tuple[list[ProvinceRow], datetime]:
    """Every province's stored figures and when they were computed (call in national scope)."""
    stored = _stored_rows()
    if not stored:
        refresh()
        stored = _stored_rows()
    return [_as_row(p, f.figures) for f, p in stored], min(f.refreshed_at for f, _p in stored)


def one_province(province: Province) -> tuple[ProvinceRow, datetime]:
    """The current province's stored figures and when they were computed."""
    kept = db.session.scalar(select(ProvinceFigures).where(ProvinceFigures.province_id == province.id))
    if kept is None:
        refresh()
        kept = db.session.scalar(select(ProvinceFigures).where(ProvinceFigures.province_id == province.id))
    return _as_row(province, kept.figures), kept.refreshed_at
