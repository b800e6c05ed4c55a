"""Page paging of every list: the total in the body and RFC 8288 ``Link`` headers (first, prev,
next, last) built from the request's own URL, so the filters travel with them."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import request
from sqlalchemy import func, select

from registry.api.schemas import PageQuery
from registry.extensions import db


def pages_of(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def offset(query: PageQuery) -> int:
    return (query.page - 1) * query.per_page


def total(statement) -> int:
    """How many rows ``statement`` selects, on every page."""
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


def window(statement, query: PageQuery):
    """``statement`` limited to the query's page."""
    return statement.limit(query.per_page).offset(offset(query))


def meta(query: PageQuery, total: int) -> dict:
    return {"page": query.page, "per_page": query.per_page, "total": total, "pages": pages_of(total, query.per_page)}


def _url(page: int) -> str:
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    return f"{request.base_url}?{urlencode([*args, ('page', page)])}"


def link_header(query: PageQuery, total: int) -> str:
    last = pages_of(total, query.per_page)
    links = [(1, "first")]
    if query.page > 1:
        links.append((min(query.page - 1, last), "prev"))
    if query.page < last:
        links.append((query.page + 1, "next"))
    links.append((last, "last"))
    return ", ".join(f'<{_url(page)}>; rel="{rel}"' for page, rel in links)


def answer(page_model, query: PageQuery, total: int, items: list, **extra):
    """The view's return value: one page, its totals, and its Link header."""
    return page_model(items=items, **meta(query, total), **extra), 200, {"Link": link_header(query, total)}
