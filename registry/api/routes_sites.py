"""Replication sites: the province's list (the sites page's filters), one model's sites, one
site; and the bulk upsert of a model's sites with the spreadsheet import's rules."""
from __future__ import annotations

from flask import abort, g

from registry.api import paging, province_bp
from registry.api.openapi import operation
from registry.api.schemas import ModelSiteQuery, SiteList, SiteOut, SiteQuery
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication import queries
from registry.replication.models import ReplicationSite
from registry.tenants.models import Ward
from registry.tenants.scoping import get_owned_or_404

TAG = "Replication sites"


def site_out(site: ReplicationSite, ward: Ward, model: MovementModel) -> SiteOut:
    values = {field: getattr(site, field) for field in SiteOut.model_fields if hasattr(site, field)}
    return SiteOut(**values | {"ward": ward, "model_name": model.name})


def _page(statement, query):
    total = queries.count_rows(statement)
    rows = db.session.execute(statement.limit(query.per_page).offset(paging.offset(query))).all()
    return paging.answer(SiteList, query, total, [site_out(*row) for row in rows])


@province_bp.get("/sites")
@operation("listSites", TAG, ok=SiteList, query=SiteQuery, paged=True)
def list_sites():
    """The province's sites by model, ward and sub-unit, filtered as on the sites page."""
    query: SiteQuery = g.api_query
    filters = queries.SiteFilters(model_id=query.model, ward=query.ward.strip(), status=query.status or "",
                                  setting=query.setting or "")
    return _page(queries.sites_statement(g.province.id, filters), query)


@province_bp.get("/models/<int:model_id>/sites")
@operation("listModelSites", TAG, ok=SiteList, query=ModelSiteQuery, paged=True,
           parameters={"model_id": "The model's id."})
def list_model_sites(model_id: int):
    """One model's sites. 404 for another province's model."""
    model = get_owned_or_404(MovementModel, model_id)
    return _page(queries.sites_statement(g.province.id, model_id=model.id), g.api_query)


@province_bp.get("/sites/<int:site_id>")
@operation("getSite", TAG, ok=SiteOut, parameters={"site_id": "The site's id."})
def get_site(site_id: int):
    """One site with its ward. 404 for another province's."""
    found = get_owned_or_404(ReplicationSite, site_id)
    ward = db.session.get(Ward, found.ward_id)
    if ward is None:
        abort(404)
    return site_out(found, ward, found.model)
