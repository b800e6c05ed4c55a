"""Catalogue entries and the national roll-up, in a fixed number of queries whatever the page size."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from registry.extensions import db
from registry.movement.models import ENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.replication.queries import figures_by_model
from registry.tenants.models import Province
from registry.text import like_pattern


@dataclass(frozen=True)
class Rollup:
    """Where a recognised model runs: its own active sites, and the provinces that adopted it."""

    own_sites: int = 0
    adopting_provinces: int = 0
    adopted_sites: int = 0

    @property
    def national_sites(self) -> int:
        return self.own_sites + self.adopted_sites


def recognised():
    return select(MovementModel, Province).join(Province, Province.id == MovementModel.province_id).where(
        MovementModel.recognised_year.is_not(None))


def entries(query: str = "", category: str = "", setting: str = "") -> list[tuple[MovementModel, Province]]:
    """Recognised models, newest recognition first; ``query`` ignores diacritics and case."""
    statement = recognised()
    if query.strip():
        pattern = like_pattern(query)
        statement = statement.where(MovementModel.name_folded.like(pattern, escape="\\"))
    if category:
        statement = statement.where(MovementModel.category == category)
    if setting:
        statement = statement.where(MovementModel.target_setting == setting)
    return db.session.execute(
        statement.order_by(MovementModel.recognised_year.desc(), MovementModel.name_folded).limit(500)
    ).all()


def rollups(model_ids: list[int]) -> dict[int, Rollup]:
    """The national roll-up of each source model: two queries in all (the adopting copies by
    their index, then the active sites of sources and copies together)."""
    if not model_ids:
        return {}
    copies = db.session.execute(
        select(MovementModel.id, MovementModel.source_model_id, MovementModel.province_id)
        .where(MovementModel.source_model_id.in_(model_ids), MovementModel.status != ENDED)
    ).all()
    sites = figures_by_model([*model_ids, *(copy.id for copy in copies)])
    adopters: dict[int, set[int]] = {}
    adopted_sites: dict[int, int] = {}
    for copy in copies:
        adopters.setdefault(copy.source_model_id, set()).add(copy.province_id)
        adopted_sites[copy.source_model_id] = adopted_sites.get(copy.source_model_id, 0) + (
            sites[copy.id].active_sites if copy.id in sites else 0)
    return {
        model_id: Rollup(sites[model_id].active_sites if model_id in sites else 0,
                         len(adopters.get(model_id, ())), adopted_sites.get(model_id, 0))
        for model_id in model_ids
    }


def adoptions(model_id: int) -> list[tuple[MovementModel, Province, int]]:
    """Each linked copy of ``model_id`` with its province and active sites."""
    sites = (
        select(func.count(ReplicationSite.id)).where(ReplicationSite.model_id == MovementModel.id,
                                                     ReplicationSite.status == SITE_ACTIVE)
        .correlate(MovementModel).scalar_subquery()
    )
    return db.session.execute(
        select(MovementModel, Province, sites).join(Province, Province.id == MovementModel.province_id)
        .where(MovementModel.source_model_id == model_id).order_by(Province.name)
    ).all()
