"""Notifications: reminders, digests, preferences, the bell, the pages and the dev mailbox.

The rows, their dispatch and their delivery are the outbox's (``registry.outbox``); this area
tells the outbox who wants which mail and what each mail says (``outbox.policy``).
"""
from flask import Blueprint

bp = Blueprint("notifications", __name__)


def init_app(app) -> None:
    from registry.notifications import cli, dev_routes, mail, preference_routes, preferences, routes  # noqa: F401
    from registry.notifications.failures import province_bp as failures_bp
    from registry.outbox import policy
    from registry.tenants import nest_in_province

    policy.register(app, policy.MailPolicy(statuses=preferences.initial_statuses, compose=mail.build_message))
    cli.init_app(app)
    app.register_blueprint(bp)
    nest_in_province(failures_bp)
