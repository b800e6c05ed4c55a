"""Accounts: sign-in and out, server-side sessions, the second factor, invitations, password
reset, the account page, the ministry's account management and the language choice."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
# The ministry admin's account management: /ministry/accounts (registry.accounts.admin_routes).
admin_bp = Blueprint("account_admin", __name__, url_prefix="/ministry/accounts")


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l

    from registry.accounts import account_routes, admin_routes, cli, gate, routes, sessions, throttle  # noqa: F401
    from registry.extensions import login_manager

    # Someone who follows a link from a mail lands on the sign-in page: say why. Flashed in the
    # language of the request (a lazy string cannot be kept in the session as it is).
    login_manager.login_message = _l("Sign in to open the page you asked for.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str

    sessions.init_app(app, login_manager)
    gate.init_app(app, login_manager)
    throttle.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    cli.init_app(app)
