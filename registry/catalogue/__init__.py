"""The national catalogue: nationally recognised models, for every signed-in user to read and adopt."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


def init_app(app) -> None:
    from registry.catalogue import routes  # noqa: F401

    app.register_blueprint(bp)
