"""Replication sites: where each model runs, ward by ward; their import and export."""
from flask import Blueprint

bp = Blueprint("replication", __name__)


def init_app(app) -> None:
    from registry.movement.history import CHILD_FIELD_LABELS
    from registry.replication import import_routes, list_routes, routes  # noqa: F401
    from registry.replication.importing import COLUMN_LABELS
    from registry.tenants import nest_in_province

    CHILD_FIELD_LABELS["replication_site"] = {**COLUMN_LABELS, "ward_id": COLUMN_LABELS["ward"]}

    app.config.setdefault("SITE_IMPORT_MAX_MB", 10)
    nest_in_province(bp)
