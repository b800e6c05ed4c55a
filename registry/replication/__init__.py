"""Replication sites: where each model runs, ward by ward; their import and export."""
from flask import Blueprint

bp = Blueprint("replication", __name__)


def init_app(app) -> None:
    from registry.replication import import_routes, list_routes, routes  # noqa: F401
    from registry.tenants import nest_in_province

    app.config.setdefault("SITE_IMPORT_MAX_MB", 10)
    nest_in_province(bp)
