"""Operations: the state of queues, failed jobs and the outbox, for the ministry's admins."""
from flask import Blueprint

bp = Blueprint("operations", __name__, url_prefix="/ministry/operations")


def init_app(app) -> None:
    from registry.operations import routes  # noqa: F401

    app.register_blueprint(bp)
