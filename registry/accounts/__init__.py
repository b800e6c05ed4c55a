"""Accounts: sign-in and out, invitations, password reset, language choice."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from registry.accounts import cli, routes  # noqa: F401
    from registry.accounts.models import User
    from registry.extensions import db, login_manager

    # Someone who follows a link from a mail lands on the sign-in page: say why. Flashed in the
    # language of the request (a lazy string cannot be kept in the session as it is).
    login_manager.login_message = _l("Sign in to open the page you asked for.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str

    @login_manager.user_loader
    def load_user(user_id: str):
        # Every signed-in request: the user, memberships and their provinces in one query.
        if not user_id.isdigit():
            return None
        return db.session.scalars(
            select(User).options(joinedload(User.memberships)).where(User.id == int(user_id))
        ).unique().first()

    app.register_blueprint(bp)
    cli.init_app(app)
