"""Replication figures: active sites, wards reached, and a province's coverage.

Grouped queries, one per page whatever the number of models shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, false, func, select

from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.national.models import ProvinceFigures
from registry.replication.models import SITE_ACTIVE, SITE_STATUSES, ReplicationSite
from registry.replication.wards import CODE_IN_PARENS, bare
from registry.tenants.models import Ward
from registry.text import fold, like_pattern
from registry.web import int_arg


@dataclass(frozen=True)
class SiteFigures:
    active_sites: int = 0
    wards_reached: int = 0


def figures_by_model(model_ids: list[int]) -> dict[int, SiteFigures]:
    """Active sites and distinct wards with an active site, for each of ``model_ids``."""
    if not model_ids:
        return {}
    rows = db.session.execute(
        select(ReplicationSite.model_id, func.count(ReplicationSite.id), func.count(distinct(ReplicationSite.ward_id)))
        .where(ReplicationSite.model_id.in_(model_ids), ReplicationSite.status == SITE_ACTIVE)
        .group_by(ReplicationSite.model_id)
    ).all()
    return {model_id: SiteFigures(sites, wards) for model_id, sites, wards in rows}


@dataclass(frozen=True)
class Coverage:
    wards_covered: int
    wards_total: int

    @property
    def share(self) -> float:
        return self.wards_covered / self.wards_total if self.wards_total else 0.0


def live_coverage(province_id: int) -> Coverage:
    """Share of the province's wards with at least one active site of any model, counted now
    (tens of milliseconds over the ~90,000 active sites of the largest province)."""
    covered = db.session.scalar(
        select(func.count(distinct(ReplicationSite.ward_id)))
        .where(ReplicationSite.province_id == province_id, ReplicationSite.status == SITE_ACTIVE)
    )
    total = db.session.scalar(select(func.count(Ward.id)).where(Ward.province_id == province_id))
    return Coverage(covered or 0, total or 0)


def province_coverage(province_id: int) -> Coverage:
    """The province's coverage as kept on its figures row (``store_coverage`` after every change
    of sites, the figures job otherwise); counted live while no row is kept yet."""
    kept = db.session.scalar(select(ProvinceFigures.figures).where(ProvinceFigures.province_id == province_id))
    if kept and "wards_covered" in kept:
        return Coverage(kept["wards_covered"], kept["wards_total"])
    return live_coverage(province_id)


def store_coverage(province_id: int) -> None:
    """Count the coverage again and keep it, in the caller's transaction (after a site changed)."""
    kept = db.session.scalar(select(ProvinceFigures).where(ProvinceFigures.province_id == province_id))
    if kept is not None:
        coverage = live_coverage(province_id)
        kept.figures = {**kept.figures, "wards_covered": coverage.wards_covered, "wards_total": coverage.wards_total}


@dataclass(frozen=True)
class SiteFilters:
    """The filters of the province's sites list, read from the URL; exports use the same."""

    model_id: int | None = None
    ward: str = ""
    status: str = ""
    setting: str = ""

    @classmethod
    def from_args(cls, args) -> SiteFilters:
        status, setting = args.get("status", ""), args.get("setting", "")
        return cls(
            model_id=int_arg("model", args=args),
            ward=args.get("ward", "")[:120].strip(),
            status=status if status in SITE_STATUSES else "",
            setting=setting if setting in SETTINGS else "",
        )

    def as_args(self) -> dict:
        args = {"model": self.model_id, "ward": self.ward, "status": self.status, "setting": self.setting}
        return {key: value for key, value in args.items() if value}


# The list's order, unique thanks to the id: exports page through it by these keys.
SITE_ORDER = (MovementModel.name_folded, Ward.name_folded, ReplicationSite.sub_unit, ReplicationSite.id)


def sites_statement(province_id: int, filters: SiteFilters | None = None, model_id: int | None = None):
    """Sites of the province (or of one model) with their ward and model, in a stable order."""
    filters = filters or SiteFilters()
    statement = (
        select(ReplicationSite, Ward, MovementModel)
        .join(Ward, ReplicationSite.ward_id == Ward.id)
        .join(MovementModel, ReplicationSite.model_id == MovementModel.id)
        .where(ReplicationSite.province_id == province_id)
    )
    model_id = model_id or filters.model_id
    if model_id:
        statement = statement.where(ReplicationSite.model_id == model_id)
    if filters.ward:
        code = CODE_IN_PARENS.search(filters.ward)
        if code or filters.ward.isdigit():
            number = code.group(1) if code else filters.ward
            # A ward code has 5 digits; a longer number matches none (and never overflows the column).
            statement = statement.where(Ward.code == int(number) if len(number) <= 9 else false())
        else:
            statement = statement.where(Ward.name_folded.like(like_pattern(bare(fold(filters.ward))), escape="\\"))
    if filters.status:
        statement = statement.where(ReplicationSite.status == filters.status)
    if filters.setting:
        statement = statement.where(ReplicationSite.setting == filters.setting)
    return statement.order_by(*SITE_ORDER)


def count_rows(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


def figures_for_statement(statement) -> SiteFigures:
    """Active sites and wards reached among the rows ``statement`` selects."""
    sites, wards = db.session.execute(
        statement.order_by(None)
        .with_only_columns(func.count(ReplicationSite.id), func.count(distinct(ReplicationSite.ward_id)))
        .where(ReplicationSite.status == SITE_ACTIVE)
    ).one()
    return SiteFigures(sites or 0, wards or 0)
