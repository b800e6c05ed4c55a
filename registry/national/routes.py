"""The national dashboard (/ministry/dashboard): ministry roles only."""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from registry.accounts.models import MINISTRY_ROLES
from registry.accounts.permissions import ministry_role_required
from registry.core.formatting import translated
from registry.movement.models import CATEGORIES
from registry.national import bp, summary
from registry.national.figures import dashboard_context
from registry.national.queries import SORT_KEYS, national_figures, sorted_provinces
from registry.web import render_fragment, wants_fragment

TEMPLATE = "national/dashboard.html"
RENDERINGS_KEPT = 8  # languages × orders of the latest figures


@bp.get("/")
@ministry_role_required(*MINISTRY_ROLES)
def dashboard():
    """Every province side by side. 403 for anyone without a ministry role.

    The province table sorts by any column (?sort=coverage&order=desc); an htmx click on a
    column heading swaps the table only, and the URL follows so Back returns to the last order.
    The figures change only when they are refreshed, so their HTML is rendered once per process
    for each version of them, language and order (the page around it is rendered every time).
    """
    sort = request.args.get("sort", "province")
    sort = sort if sort in SORT_KEYS else "province"
    descending = request.args.get("order", "desc" if sort != "province" else "asc") == "desc"
    provinces, refreshed_at = summary.all_provinces()
    figures = national_figures(provinces)
    block = "province_table" if wants_fragment() else "content"

    def render() -> str:
        return render_fragment(
            TEMPLATE, block, figures=figures, rows=sorted_provinces(figures.provinces, sort, descending), sort=sort,
            descending=descending, refreshed_at=refreshed_at,
            categories=translated(CATEGORIES), **dashboard_context(figures))

    # The figures themselves are part of the key: a rendering is never older than what it shows.
    html = _rendered((str(get_locale()), sort, descending, block, refreshed_at, repr(figures)), render)
    if block != "content":
        return html, 200, {"Vary": "HX-Request"}
    return render_template("national/page.html", content=Markup(html)), 200, {"Vary": "HX-Request"}


def _rendered(key: tuple, render: Callable[[], str]) -> str:
    kept = current_app.extensions.setdefault("national_dashboard_html", {})
    if key not in kept:
        if len(kept) >= RENDERINGS_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = render()
    return kept[key]
