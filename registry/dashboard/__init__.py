"""The province dashboard: models by category and status, coverage, reviews due and
overdue, the on-time share and the last ratings, as charts with tables beside them."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__)


def init_app(app) -> None:
    from registry.dashboard import routes  # noqa: F401  (views register on bp)
    from registry.tenants import nest_in_province

    nest_in_province(bp)
