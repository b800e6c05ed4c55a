"""Tenancy: provinces, wards, the province in the URL, and automatic query scoping.

``province_bp`` carries the ``/p/<province>`` prefix; every province area registers
its blueprint on it, so the province is resolved and checked once for all of them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Blueprint, abort, g, request
from flask_login import current_user
from sqlalchemy import select

from registry.extensions import db, login_manager
from registry.tenants.models import Province
from registry.tenants.scoping import enter_province

log = logging.getLogger("registry.audit")

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
    if current_user.membership_of(g.province_slug) is None and current_user.is_ministry:
        enter_province_for_ministry(g.province_slug)
    else:
        enter_member_province(g.province_slug)


@dataclass(frozen=True)
class MinistryReader:
    """What stands for a membership while a ministry role reads a province: a viewer's rights."""

    province: Province
    role: str = "viewer"
    can_edit: bool = False
    is_admin: bool = False

    @property
    def province_id(self) -> int:
        return self.province.id


READING = ("GET", "HEAD")


def enter_province_for_ministry(slug: str | None) -> None:
    """A ministry role reads province ``slug``'s pages (the drill-down from the national figures):
    read-only (403 for any write, before the view), scoped to that one province like a member's
    request, and written to the audit log. 404 for an unknown province."""
    province = db.session.scalar(select(Province).where(Province.slug == slug))
    if province is None:
        abort(404)
    if request.method not in READING:
        abort(403)
    g.province, g.membership = province, MinistryReader(province)
    g.ministry_reading = True
    enter_province(province.id)
    log.info("ministry read: user %s (%s) province %s %s", current_user.id, current_user.ministry_role,
             province.id, request.path)


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
