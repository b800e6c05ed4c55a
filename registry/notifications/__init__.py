"""Notifications: the outbox, mail delivery, reminders, digests, the bell and the dev mailbox."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)


def init_app(app) -> None:
    from registry.notifications import cli, dev_routes, preference_routes, routes, service  # noqa: F401
    from registry.notifications.failures import province_bp as failures_bp
    from registry.tenants import nest_in_province

    service.init_app(app)
    cli.init_app(app)
    app.register_blueprint(bp)
    nest_in_province(failures_bp)
