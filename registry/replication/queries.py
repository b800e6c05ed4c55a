"""Replication figures: active sites, wards reached, and a province's coverage.

Grouped queries, one per page whatever the number of models shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from registry.extensions import db
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.tenants.models import Ward


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


def province_coverage(province_id: int) -> Coverage:
    """Share of the province's wards with at least one active site of any model."""
    covered = db.session.scalar(
        select(func.count(distinct(ReplicationSite.ward_id)))
        .where(ReplicationSite.province_id == province_id, ReplicationSite.status == SITE_ACTIVE)
    )
    total = db.session.scalar(select(func.count(Ward.id)).where(Ward.province_id == province_id))
    return Coverage(covered or 0, total or 0)
