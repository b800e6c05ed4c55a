"""Tenancy: provinces, wards, the province in the URL, and automatic query scoping.

``province_bp`` carries the ``/p/<province>`` prefix; every province area registers
its blueprint on it, so the province is resolved and checked once for all of them.
"""
from __future__ import annotations

from flask import Blueprint, abort, g
from flask_login import current_user

from registry.extensions import login_manager
from registry.tenants.scoping import enter_province

province_bp = Blueprint("province", __name__, url_prefix="/p/<province>")


def _pull_province(endpoint: str | None, values: dict | None) -> None:
    g.province_slug = (values or {}).pop("province", None)


def _fill_province(endpoint: str, values: dict) -> None:
    if "province" not in values and g.get("province") is not None:
        values["province"] = g.province.slug


def carry_province(blueprint: Blueprint) -> None:
    """``blueprint``'s URLs start with ``<province>``: the slug goes to ``g.province_slug``
    instead of the views' arguments, and ``url_for`` fills it in from ``g.province``."""
    blueprint.url_value_preprocessor(_pull_province)
    blueprint.url_defaults(_fill_province)


carry_province(province_bp)


@province_bp.before_request
def _load_province_for_member():
    """Sign-in first; then 404 for an unknown province or one the user is not a member of.

    The province comes with the user's memberships (loaded with the user): no query of its own.
    """
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # to sign-in, saying why, and back here after
    enter_member_province(g.province_slug)


def enter_member_province(slug: str | None) -> None:
    """Work in the signed-in user's province ``slug`` (``g.province``, ``g.membership``, the
    automatic scope); 404 for an unknown province or one the user is not a member of. The pages
    and the JSON API enter provinces through this one door."""
    membership = current_user.membership_of(slug)
    if membership is None:
        abort(404)
    g.province = membership.province
    g.membership = membership
    enter_province(membership.province_id)


def init_app(app) -> None:
    from registry.tenants import cli, routes  # noqa: F401  (routes register on the blueprint)

    cli.init_app(app)


def nest_in_province(child: Blueprint) -> None:
    """Serve an area's blueprint under ``/p/<province>``.

    Nesting happens once per process: a blueprint cannot change after its first
    registration, and tests build several apps.
    """
    if all(existing is not child for existing, _ in province_bp._blueprints):
        province_bp.register_blueprint(child)
