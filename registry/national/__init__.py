"""The national dashboard of the ministry: every province's figures side by side."""
from flask import Blueprint

bp = Blueprint("national", __name__, url_prefix="/ministry/dashboard")


def init_app(app) -> None:
    from registry.national import routes  # noqa: F401

    app.register_blueprint(bp)
