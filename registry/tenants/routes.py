"""Province pages: the province's home and its commune-level units."""
from __future__ import annotations

from flask import Blueprint, g, request
from sqlalchemy import func, select

from registry.extensions import db
from registry.clock import today
from registry.page_cache import kept
from registry.tenants import nest_in_province
from registry.tenants.models import Ward
from registry.text import like_pattern
from registry.web import int_arg, render_page

bp = Blueprint("tenants", __name__)
WARDS_PER_PAGE = 50


def search_wards(province_id: int, query: str, limit: int = WARDS_PER_PAGE, offset: int = 0):
    """Wards of a province whose name contains ``query``, ignoring diacritics and case."""
    statement = select(Ward).where(Ward.province_id == province_id)
    if query.strip():
        statement = statement.where(Ward.name_folded.like(like_pattern(query), escape="\\"))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    wards = db.session.scalars(statement.order_by(Ward.name_folded).limit(limit).offset(offset)).all()
    return wards, total


@bp.get("/")
@kept()
def home():
    """The province's work: reviews overdue and due soon, nominations returned, its figures (each a
    link to the list behind it) and the latest changes to its models."""
    from registry.core.home import province_work
    from registry.movement.history import recent_changes
    from registry.movement.models import STATUSES

    day = today()
    return render_page("tenants/home.html", "content", work=province_work(g.membership, day, with_figures=True),
                       changes=recent_changes(), today=day, model_statuses=STATUSES)


@bp.get("/wards")
@kept()
def wards():
    """The province's wards; the search box filters live (htmx swaps the results block)."""
    query = request.args.get("q", "")[:100]
    page = max(1, int_arg("page", 1) or 1)
    results, total = search_wards(g.province.id, query, offset=(page - 1) * WARDS_PER_PAGE)
    pages = max(1, -(-total // WARDS_PER_PAGE))
    return render_page("tenants/wards.html", "results", wards=results, total=total, q=query, page=page, pages=pages)


nest_in_province(bp)
