"""Catalogue entries and the national roll-up, in a fixed number of queries whatever the page size."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from registry.extensions import db
from registry.figures import rules
from registry.figures.queries import site_figures
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite
from registry.tenants.models import Province
from registry.text import like_pattern


@dataclass(frozen=True)
class Rollup:
    """Where a recognised model runs: its own live sites, and the provinces that run a copy of it
    (``rules.adopting_copy``: a draft, suspended or ended copy does not count) with theirs."""

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
    their index, then the live sites of sources and copies together)."""
    if not model_ids:
        return {}
    copies = db.session.execute(
        select(MovementModel.id, MovementModel.source_model_id, MovementModel.province_id)
        .where(MovementModel.source_model_id.in_(model_ids), rules.adopting_copy())
    ).all()
    sites = site_figures([*model_ids, *(copy.id for copy in copies)])
    adopters: dict[int, set[int]] = {}
    adopted_sites: dict[int, int] = {}
    for copy in copies:
        adopters.setdefault(copy.source_model_id, set()).add(copy.province_id)
        adopted_sites[copy.source_model_id] = adopted_sites.get(copy.source_model_id, 0) + (
            sites[copy.id].live_sites if copy.id in sites else 0)
    return {
        model_id: Rollup(sites[model_id].live_sites if model_id in sites else 0,
                         len(adopters.get(model_id, ())), adopted_sites.get(model_id, 0))
        for model_id in model_ids
    }


def adoptions(model_id: int) -> list[tuple[MovementModel, Province, int]]:
    """Each linked copy of ``model_id`` (drafts and ended ones too) with its province and live sites."""
    copy = aliased(MovementModel)
    sites = (
        select(func.count(ReplicationSite.id)).join(copy, copy.id == ReplicationSite.model_id)
        .where(ReplicationSite.model_id == MovementModel.id, rules.live_site(ReplicationSite, copy))
        .correlate(MovementModel).scalar_subquery()
    )
    return db.session.execute(
        select(MovementModel, Province, sites).join(Province, Province.id == MovementModel.province_id)
        .where(MovementModel.source_model_id == model_id).order_by(Province.name)
    ).all()


TEXT_FIELDS = ("name", "summary", "objectives", "how_it_works", "resources")


@dataclass(frozen=True)
class Recognised:
    """The version the ministry recognised: the approved dossier's model, the decision, and whether
    the province's current version has changed since."""

    model: dict
    nomination: object
    document: object | None
    changed: list[str]


def recognised_version(model: MovementModel) -> Recognised | None:
    """The approved dossier of ``model`` (None for a model recognised before dossiers were kept)."""
    from registry.nominations.models import APPROVED, DecisionDocument, Dossier, Nomination

    row = db.session.execute(
        select(Nomination, Dossier).join(Dossier, Dossier.id == Nomination.recognised_dossier_id)
        .where(Nomination.model_id == model.id, Nomination.status == APPROVED)
        .order_by(Nomination.decided_at.desc(), Nomination.id.desc()).limit(1)).first()
    if row is None:
        return None
    nomination, dossier = row
    frozen = dossier.snapshot["model"]
    document = db.session.get(DecisionDocument, nomination.decision_document_id) if nomination.decision_document_id \
        else None
    changed = [name for name in TEXT_FIELDS if (frozen.get(name) or "") != (getattr(model, name) or "")]
    return Recognised(frozen, nomination, document, changed)
