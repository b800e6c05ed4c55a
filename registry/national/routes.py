"""The national dashboard (/ministry/dashboard): ministry roles only."""
from __future__ import annotations

from flask import request
from sqlalchemy import select

from registry.accounts.models import MINISTRY_ROLES
from registry.accounts.permissions import ministry_role_required
from registry.core.formatting import translated
from registry.clock import today
from registry.extensions import db
from registry.movement.models import CATEGORIES, STATUSES
from registry.national import bp
from registry.national.figures import dashboard_context
from registry.national.queries import (PER_PAGE, SORT_KEYS, ModelFilters, national_figures, national_models,
                                       sorted_provinces)
from registry.page_cache import NATIONAL, kept
from registry.tenants.models import Province
from registry.web import render_page


@bp.get("/")
@ministry_role_required(*MINISTRY_ROLES)
@kept(NATIONAL)
def dashboard():
    """Every province side by side. 403 for anyone without a ministry role.

    The province table sorts by any column (?sort=coverage&order=desc); an htmx click on a
    column heading swaps the table only, and the URL follows so Back returns to the last order.
    """
    sort = request.args.get("sort", "province")
    sort = sort if sort in SORT_KEYS else "province"
    descending = request.args.get("order", "desc" if sort != "province" else "asc") == "desc"
    figures, categories = national_figures(today()), translated(CATEGORIES)
    return render_page(
        "national/dashboard.html", "province_table", figures=figures,
        rows=sorted_provinces(figures.provinces, sort, descending), sort=sort, descending=descending,
        categories=categories, **dashboard_context(figures, categories))


@bp.get("/models")
@ministry_role_required(*MINISTRY_ROLES)
def models():
    """The models behind a figure of the dashboard, across provinces (?category=, ?status=,
    ?province=, ?year= recognised that year, ?recognised=1, ?overdue=1). 403 without a ministry role."""
    filters = ModelFilters.from_args(request.args)
    rows, total = national_models(filters, today())
    provinces = {row.slug: row.name for row in db.session.scalars(select(Province).order_by(Province.name))}
    return render_page("national/models.html", "content", rows=rows, total=total, filters=filters,
                       pages=max(1, -(-total // PER_PAGE)), province_name=provinces.get(filters.province),
                       categories=translated(CATEGORIES), statuses=translated(STATUSES))
