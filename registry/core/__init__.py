"""What every page shares: home, health, error pages, language and formatting."""
from flask import Blueprint

from registry import web

bp = Blueprint("core", __name__)


def init_app(app) -> None:
    from registry.core import errors, form_messages, formatting, nav, routes, security  # noqa: F401

    errors.init_app(app)
    security.init_app(app)
    formatting.init_app(app)
    form_messages.init_app(app)
    nav.init_app(app)
    web.init_app(app)
    app.register_blueprint(bp)
