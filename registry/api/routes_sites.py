"""Replication sites: the province's list (the sites page's filters), one model's sites, one
site; and the bulk upsert of a model's sites with the spreadsheet import's rules."""
from __future__ import annotations

from collections import Counter

from flask import abort, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from registry.accounts.permissions import require_editor
from registry.api import paging, province_bp, site_rows
from registry.api.errors import Problem
from registry.api.openapi import json_body, operation
from registry.api.schemas_models import (
    ModelSiteQuery, SiteList, SiteOut, SiteQuery, SiteRowOut, SiteRows, SiteRowsOut, SiteRowsQuery,
)
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.page_cache import kept
from registry.replication import queries
from registry.replication.models import ReplicationSite
from registry.replication.service import accepts_sites
from registry.sheets.imports import ERROR, NEW, UNCHANGED, UPDATED, ImportStale
from registry.tenants.models import Ward
from registry.tenants.scoping import get_owned_or_404

TAG = "Replication sites"


def site_out(site: ReplicationSite, ward: Ward, model: MovementModel) -> SiteOut:
    values = {field: getattr(site, field) for field in SiteOut.model_fields if hasattr(site, field)}
    return SiteOut(**values | {"ward": ward, "model_name": model.name})


def _page(statement, query):
    rows = db.session.execute(paging.window(statement, query))
    return paging.answer(SiteList, query, queries.count_rows(statement), [site_out(*row) for row in rows])


@province_bp.get("/sites")
@kept()
@operation("listSites", TAG, ok=SiteList, query=SiteQuery, paged=True)
def list_sites():
    """The province's sites by model, ward and sub-unit, filtered as on the sites page."""
    query: SiteQuery = g.api_query
    filters = queries.SiteFilters(model_id=query.model, ward=query.ward.strip(), status=query.status or "",
                                  setting=query.setting or "")
    return _page(queries.sites_statement(g.province.id, filters), query)


@province_bp.get("/models/<int:model_id>/sites")
@kept()
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


@province_bp.post("/models/<int:model_id>/sites/bulk")
@operation("upsertModelSites", TAG, ok=SiteRowsOut, query=SiteRowsQuery, body=SiteRows, errors=(409,),
           parameters={"model_id": "The model the sites belong to."})
def upsert_model_sites(model_id: int):
    """Add or change up to 1,000 sites of a model in one request, with the spreadsheet import's
    rules and messages, and a verdict per row. Valid rows are written and the others reported
    (``atomic`` writes nothing unless every row is valid; ``dry_run`` writes nothing). 404 for
    another province's model, 403 for viewers, 409 for an ended model."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    if not accepts_sites(model):
        raise Problem(409, _l("This model has ended: it accepts no new sites."), code="model_ended")
    query: SiteRowsQuery = g.api_query
    results = site_rows.check_rows(model, [row.model_dump(exclude_unset=True) for row in json_body().sites])
    errors = {index: site_rows.errors_of(result) for index, result in enumerate(results) if result["action"] == ERROR}
    if query.atomic and errors:
        raise Problem(422, _l("Some rows are not valid: nothing was written."), errors={
            f"sites.{index}.{name}": messages for index, found in errors.items() for name, messages in found.items()})
    write = not query.dry_run and any(result["action"] in (NEW, UPDATED) for result in results)
    if write:
        try:
            site_rows.apply(model, results, current_user.id)
            db.session.commit()
        except ImportStale:
            db.session.rollback()
            raise Problem(409, _l("These sites changed while the rows were written. Send them again."),
                          code="sites_changed") from None
    count = Counter(result["action"] for result in results)
    return SiteRowsOut(
        written=write, new=count[NEW], updated=count[UPDATED], unchanged=count[UNCHANGED], errors=count[ERROR],
        rows=[SiteRowOut(index=index, action=result["action"], id=site_id, errors=errors.get(index, {}))
              for index, (result, site_id) in enumerate(zip(results, site_rows.site_ids(model, results)))])
