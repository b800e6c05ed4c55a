"""Notifications: the outbox, mail, and the development mailbox."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)


def init_app(app) -> None:
    from registry.notifications import routes, service  # noqa: F401

    service.init_app(app)
    app.register_blueprint(bp)
