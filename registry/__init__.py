"""The movement-model registry: a Flask application per province, one code base."""
from __future__ import annotations

import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from registry import config as configuration
from registry import page_cache, sessions, versioning, web  # noqa: F401  (versioning listens to every session)
from registry.extensions import csrf, db, htmx, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application from the environment (or ``test_config`` in tests)."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(configuration.load(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(_translation_directories(app))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if app.config["PROXY_COUNT"]:
        # The client's address (throttling, the account page) from the proxies' X-Forwarded-For.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    web.register_converters(app)  # before any route: <int:…> is bounded everywhere

    db.init_app(app)
    sessions.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    page_cache.init_app(app)

    _import_models()
    from registry import (
        accounts,
        api,
        catalogue,
        cli,
        core,
        dashboard,
        export_jobs,
        figures,
        lessons,
        members,
        ministry,
        movement,
        national,
        nominations,
        notifications,
        operations,
        outbox,
        replication,
        reviews,
        scale,
        tenants,
    )
    from registry.tenants import province_bp

    areas = (
        core,
        tenants,
        accounts,
        members,
        movement,
        outbox,
        figures,
        notifications,
        replication,
        export_jobs,
        scale,
        reviews,
        dashboard,
        nominations,
        ministry,
        catalogue,
        lessons,
        operations,
        national,
        api,
        cli,
    )
    for area in areas:
        area.init_app(app)
    # Last: every province area has nested its blueprint under /p/<province> by now.
    app.register_blueprint(province_bp)
    return app


def _import_models() -> None:
    """Every mapped class, so relationships resolve and Alembic sees the whole schema."""
    from registry.accounts import models as _accounts  # noqa: F401
    from registry.api import models as _api  # noqa: F401
    from registry.audit import models as _audit  # noqa: F401
    from registry.export_jobs import models as _export_jobs  # noqa: F401
    from registry.movement import models as _movement  # noqa: F401
    from registry.figures import models as _figures  # noqa: F401
    from registry.nominations import models as _nominations  # noqa: F401
    from registry.notifications import models as _notifications  # noqa: F401
    from registry.outbox import models as _outbox  # noqa: F401
    from registry.replication import models as _replication  # noqa: F401
    from registry.reviews import models as _reviews  # noqa: F401
    from registry.tenants import models as _tenants  # noqa: F401


def _translation_directories(app: Flask) -> list[str]:
    """The shared catalogue plus one per area (``registry/<area>/translations``)."""
    root = app.root_path
    areas = sorted(
        os.path.join(root, name, "translations")
        for name in os.listdir(root)
        if os.path.isdir(os.path.join(root, name, "translations"))
    )
    return [os.path.join(root, "translations"), *areas]
