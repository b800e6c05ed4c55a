"""Accounts: sign-in and out, invitations, password reset, language choice."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)


def init_app(app) -> None:
    from flask_babel import lazy_gettext as _l
    from sqlalchemy import bindparam, select
    from sqlalchemy.orm import joinedload

    from registry.accounts import cli, routes  # noqa: F401
    from registry.accounts.models import User
    from registry.extensions import db, login_manager
    from registry.outbox.queries import unread_of

    # Someone who follows a link from a mail lands on the sign-in page: say why. Flashed in the
    # language of the request (a lazy string cannot be kept in the session as it is).
    login_manager.login_message = _l("Sign in to open the page you asked for.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str

    # Every signed-in request: the user, memberships, their provinces and the bell's count in one
    # query, built once (half its cost was building it). None of them is a province's row.
    signed_in_user = (
        select(User, unread_of(User.id)).options(joinedload(User.memberships))
        .where(User.id == bindparam("user_id")).execution_options(skip_tenant_scope=True)
    )

    @login_manager.user_loader
    def load_user(user_id: str):
        if not user_id.isdigit():
            return None
        row = db.session.execute(signed_in_user, {"user_id": int(user_id)}).unique().first()
        if row is None:
            return None
        user, user.unread_notifications = row
        return user

    app.register_blueprint(bp)
    cli.init_app(app)
