"""Movement models: register, describe, move through their statuses, attach files, list.

Pages live under ``/p/<province>/models`` (endpoints ``province.movement.*``).
"""
from __future__ import annotations

from flask import Blueprint, current_app

bp = Blueprint("movement", __name__, url_prefix="/models")


def has_endpoint(name: str) -> bool:
    """Whether a view is registered, so the model page embeds only the panels that exist."""
    return name in current_app.view_functions


def init_app(app) -> None:
    from registry.movement import routes, routes_files, routes_import, routes_list  # noqa: F401
    from registry.tenants import nest_in_province

    app.jinja_env.globals["has_endpoint"] = has_endpoint
    nest_in_province(bp)
