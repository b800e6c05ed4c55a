"""Nominations (read): a province's own, and the ministry's queue across provinces; the national
catalogue of recognised models (every caller). Thin on purpose: what ``Nomination`` holds, the
ministry's queue query, the catalogue's query and roll-up; the pages' rules decide who sees what."""
from __future__ import annotations

from flask import abort, g
from pydantic import Field
from sqlalchemy import select

from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER
from registry.accounts.permissions import ministry_role_required
from registry.api import bp, paging, province_bp
from registry.api.openapi import operation
from registry.api.schemas_reviews import (
    CatalogueEntryOut, CatalogueList, CatalogueQuery, NominationList, NominationOut, NominationQuery, RollupOut,
)
from registry.catalogue.queries import entries, recognised, rollups
from registry.catalogue.routes import signed_in_national
from registry.extensions import db
from registry.ministry.queries import PER_PAGE, QueueFilters, queue
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.page_cache import NATIONAL, kept
from registry.tenants.models import Province
from registry.tenants.scoping import get_owned_or_404

TAG, CATALOGUE = "Nominations", "Catalogue"
NOMINATION_ID = {"nomination_id": "The nomination's id."}
# The ministry pages' readers: reviewers and admins.
ministry_readers = ministry_role_required(MINISTRY_REVIEWER, MINISTRY_ADMIN)


def nomination_out(nomination: Nomination, model: MovementModel, province: Province) -> NominationOut:
    values = {field: getattr(nomination, field) for field in NominationOut.model_fields if hasattr(nomination, field)}
    return NominationOut(**values | {"province": province.slug, "model_name": model.name})


def _with_model_and_province(statement):
    return (statement.add_columns(MovementModel, Province)
            .join(MovementModel, MovementModel.id == Nomination.model_id)
            .join(Province, Province.id == Nomination.province_id))


@province_bp.get("/nominations")
@kept()
@operation("listNominations", TAG, ok=NominationList, query=NominationQuery, paged=True)
def list_nominations():
    """The province's nominations, newest first, optionally in one status."""
    query: NominationQuery = g.api_query
    statement = select(Nomination)
    if query.status:
        statement = statement.where(Nomination.status == query.status)
    newest_first = _with_model_and_province(statement).order_by(Nomination.created_at.desc(), Nomination.id.desc())
    rows = db.session.execute(paging.window(newest_first, query))
    return paging.answer(NominationList, query, paging.total(statement), [nomination_out(*row) for row in rows])


@province_bp.get("/nominations/<int:nomination_id>")
@operation("getNomination", TAG, ok=NominationOut, parameters=NOMINATION_ID)
def get_nomination(nomination_id: int):
    """One of the province's nominations. 404 for another province's."""
    found = get_owned_or_404(Nomination, nomination_id)
    return nomination_out(found, found.model, db.session.get(Province, found.province_id))


class QueueQuery(NominationQuery):
    per_page: int = Field(PER_PAGE, ge=PER_PAGE, le=PER_PAGE, description="Always 50, as in the ministry's queue.")
    province: str = Field("", max_length=60, description="Only this province's (its slug).")
    year: int | None = Field(None, ge=2000, le=2100, description="Only this round's year.")


@bp.get("/nominations")
@ministry_readers
@kept(NATIONAL)
@operation("listSubmittedNominations", TAG, ok=NominationList, query=QueueQuery, paged=True)
def submitted_nominations():
    """The ministry's queue: nominations every province has submitted at least once, newest
    submission first. Ministry reviewers and admins only (403)."""
    query: QueueQuery = g.api_query
    filters = QueueFilters(province=query.province, year=query.year, state=query.status or "", page=query.page)
    rows, counts = queue(filters)
    total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
    return paging.answer(NominationList, query, total, [nomination_out(*row) for row in rows])


def entry_out(model: MovementModel, province: Province, rollup) -> CatalogueEntryOut:
    return CatalogueEntryOut(
        model_id=model.id, name=model.name, summary=model.summary, category=model.category,
        target_setting=model.target_setting, province=province.slug, province_name=province.name,
        status=model.status, recognised_year=model.recognised_year, recognition_reference=model.recognition_reference,
        rollup=RollupOut(own_sites=rollup.own_sites, adopting_provinces=rollup.adopting_provinces,
                         adopted_sites=rollup.adopted_sites, national_sites=rollup.national_sites))


@bp.get("/catalogue")
@signed_in_national
@kept(NATIONAL)
@operation("listCatalogue", CATALOGUE, ok=CatalogueList, query=CatalogueQuery, paged=True)
def list_catalogue():
    """The national catalogue: recognised models of every province, newest recognition first,
    with where they run nationally (their own sites, and the provinces that adopted them)."""
    query: CatalogueQuery = g.api_query
    rows = entries(query.q, query.category or "", query.setting or "")
    page = rows[paging.offset(query):paging.offset(query) + query.per_page]
    figures = rollups([model.id for model, _province in page])
    return paging.answer(CatalogueList, query, len(rows), [entry_out(m, p, figures[m.id]) for m, p in page])


@bp.get("/catalogue/<int:model_id>")
@signed_in_national
@operation("getCatalogueEntry", CATALOGUE, ok=CatalogueEntryOut, parameters={"model_id": "The recognised model's id."})
def catalogue_entry(model_id: int):
    """One recognised model; 404 if it is not (or no longer) recognised."""
    row = db.session.execute(recognised().where(MovementModel.id == model_id)).first()
    if row is None:
        abort(404)
    model, province = row
    return entry_out(model, province, rollups([model.id])[model.id])
