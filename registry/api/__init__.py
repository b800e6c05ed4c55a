"""The JSON API (``/api/v1``): the registry's data for other systems, behind the pages' walls.

Blueprints: ``api`` (``/api/v1``, token-authenticated, CSRF-exempt, rate-limited per token) with
``api.province`` nested under ``/api/v1/provinces/<province>`` (the province entered the way
the pages enter it), and ``api_tokens`` (``/account/tokens``, the page where people make and
revoke their tokens). Views live in ``routes_*.py``, one file per resource.
"""
from __future__ import annotations

from flask import Blueprint, g

from registry.api import auth, errors
from registry.extensions import limiter
from registry.tenants import carry_province, enter_member_province

bp = Blueprint("api", __name__, url_prefix="/api/v1")
province_bp = Blueprint("province", __name__, url_prefix="/provinces/<province>")
tokens_bp = Blueprint("api_tokens", __name__)


carry_province(province_bp)


@province_bp.before_request
def _enter_province() -> None:
    """404 for a province the token's user is not a member of, exactly as for the pages."""
    enter_member_province(g.province_slug)


@bp.after_request
def _api_headers(response):
    """An answer depends on the token and the language asked for (registry.core.security adds
    no-store and nosniff to it, as to every page)."""
    response.vary.add("Authorization")
    response.vary.add("Accept-Language")
    return response


bp.before_request(auth.authenticate)
errors.register(bp)
limiter.limit(auth.rate_limit, key_func=auth.rate_limit_key)(bp)


def init_app(app) -> None:
    from registry.api import (  # noqa: F401  (views register on the blueprints)
        cli, routes_meta, routes_models, routes_national, routes_nominations, routes_notifications,
        routes_provinces, routes_reviews, routes_sites, routes_tokens,
    )
    from registry.extensions import csrf

    csrf.exempt(bp)
    csrf.exempt(province_bp)  # nested: Flask-WTF looks the request's own blueprint up
    if limiter not in app.extensions.get("limiter", set()):
        limiter.init_app(app)
    if all(existing is not province_bp for existing, _ in bp._blueprints):
        bp.register_blueprint(province_bp)
    app.register_blueprint(bp)
    app.register_blueprint(tokens_bp)
    app.before_request(errors.answer_unrouted)
    cli.init_app(app)
