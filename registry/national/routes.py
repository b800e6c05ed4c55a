"""The national dashboard (/ministry/dashboard): ministry roles only."""
from __future__ import annotations

from flask import request

from registry.accounts.models import MINISTRY_ROLES
from registry.accounts.permissions import ministry_role_required
from registry.core.formatting import translated
from registry.clock import today
from registry.movement.models import CATEGORIES
from registry.national import bp
from registry.national.figures import dashboard_context
from registry.national.queries import SORT_KEYS, national_figures, sorted_provinces
from registry.page_cache import NATIONAL, kept
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
