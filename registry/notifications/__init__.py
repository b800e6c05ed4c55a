"""Notifications: the outbox, mail delivery, reminders, digests, the bell and the dev mailbox."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)


def init_app(app) -> None:
    from registry.notifications import cli, dev_routes, preference_routes, routes, service  # noqa: F401
    from registry.notifications.failures import province_bp as failures_bp
    from registry.notifications.queries import unread_count
    from registry.tenants import province_bp

    service.init_app(app)
    cli.init_app(app)
    app.register_blueprint(bp)
    province_bp.register_blueprint(failures_bp)
    app.jinja_env.globals["unread_notifications"] = unread_count
