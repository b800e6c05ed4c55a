"""Movement models: register, describe, move through their statuses, attach files, list.

Pages live under ``/p/<province>/models`` (endpoints ``province.movement.*``).
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("movement", __name__, url_prefix="/models")


def init_app(app) -> None:
    from registry.movement import routes, routes_files, routes_import, routes_list  # noqa: F401
    from registry.tenants import nest_in_province

    nest_in_province(bp)
