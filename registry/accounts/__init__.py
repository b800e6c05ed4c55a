"""Accounts: sign-in and out, invitations, password reset, language choice."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)


def init_app(app) -> None:
    from registry.accounts import cli, routes  # noqa: F401
    from registry.accounts.models import User
    from registry.extensions import db, login_manager

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.register_blueprint(bp)
    cli.init_app(app)
