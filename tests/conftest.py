"""Fixtures shared by every suite: a real database (SQLite or PostgreSQL), the app, clients,
and factories for users and memberships. Area suites add their own factories beside this."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from registry import create_app
from registry.accounts.models import MINISTRY_ROLES, User
from registry.accounts.service import create_user
from registry.accounts.sessions import sign_in_client
from registry.extensions import db, limiter
from registry.tenants.loader import load_divisions
from tests.api import factories as _api_factories  # noqa: F401  (route arguments)
from tests.factories import province  # noqa: F401  (re-exported: most suites look provinces up by slug)
from tests.movement import factories as _movement_factories  # noqa: F401  (route arguments)
from tests.nominations import factories as _nomination_factories  # noqa: F401  (route arguments)
from tests.notifications import factories as _notification_factories  # noqa: F401  (route arguments)
from tests.accounts import factories as _account_factories  # noqa: F401  (route arguments)
from tests.export_jobs import factories as _export_factories  # noqa: F401  (route arguments)
from tests.replication import factories as _replication_factories  # noqa: F401  (route arguments)
from tests.reviews import factories as _review_factories  # noqa: F401  (registers route arguments)

PASSWORD = "a-long-test-password"
# Reference data loaded once per session and kept between tests.
KEPT_TABLES = {"province", "ward", "indicator", "alembic_version"}


def _database_url(tmp_root: Path) -> str:
    engine = os.environ.get("TEST_DATABASE", "sqlite")
    if engine == "sqlite":
        return f"sqlite:///{tmp_root / 'test.sqlite3'}"
    url = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        with create_engine(url).connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            connection.commit()
    except Exception as error:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.exit(f"PostgreSQL is required in CI and did not answer: {error}", returncode=3)
        pytest.skip(f"no PostgreSQL server at {url}: {error}", allow_module_level=True)
    return url


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("registry")
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _database_url(root).replace("postgresql://", "postgresql+psycopg://"),
        "WTF_CSRF_ENABLED": False,
        "MAIL_FOLDER": str(root / "mail"),
        "UPLOAD_FOLDER": str(root / "uploads"),
        "EXPORT_FOLDER": str(root / "exports"),
        "REDIS_URL": None,
        "MAIL_SERVER": None,
        "SERVER_NAME": None,
    })
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_divisions()
    return app


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Each test starts from the reference data only."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    app.extensions["page_cache"].clear()  # pages of this test's data, under versions the next test may reach again
    limiter.reset()  # sign-in throttling counts in memory, per app: each test starts uncounted
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
        mail = Path(app.config["MAIL_FOLDER"])
        if mail.exists():
            for path in mail.glob("*.eml"):
                path.unlink()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """``make_user(role, province_slug=None, email=None)`` → a committed user."""
    counter = iter(range(1, 10_000))

    def factory(role: str, province_slug: str | None = "quang-tri", email: str | None = None) -> User:
        with app.app_context():
            place = None if role in MINISTRY_ROLES else province(province_slug)
            user = create_user(email or f"{role}.{next(counter)}@test.vn", PASSWORD, role, place)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return factory


@pytest.fixture
def login_as(client, make_user):
    """``login_as(role, province_slug)`` signs the test client in as a new user of that role."""

    def sign_in(role: str, province_slug: str | None = "quang-tri") -> User:
        user = make_user(role, province_slug)
        sign_in_client(client, user.id)
        return user

    return sign_in


def mails(app) -> list:
    """The mails the app wrote to its mail folder, oldest first."""
    from email import policy
    from email.parser import BytesParser

    folder = Path(app.config["MAIL_FOLDER"])
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if folder.exists() else []
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in paths]
