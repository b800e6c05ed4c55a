"""The Ministry's pages: the queue of nominations, dossiers, assessments, decisions, comparison.

Every view is decorated with ``ministry_role_required``: province users get 403, anonymous
users are sent to sign in, and the view reads across provinces on purpose.
"""
from flask import Blueprint

bp = Blueprint("ministry", __name__, url_prefix="/ministry")


def init_app(app) -> None:
    from registry.ministry import rounds, routes  # noqa: F401

    app.register_blueprint(bp)
