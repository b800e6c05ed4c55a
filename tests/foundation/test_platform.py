"""CSRF, health, configuration, the CLI and migrations."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect, select

from registry import create_app
from registry.accounts.models import User
from registry.config import ConfigError
from registry.extensions import db


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


def test_a_form_without_the_csrf_token_is_refused(csrf_client, make_user):
    user = make_user("officer")
    response = csrf_client.post("/login", data={"email": user.email, "password": "a-long-test-password"})
    assert response.status_code == 400


def test_htmx_requests_carry_the_token_in_a_header(csrf_client, make_user):
    user = make_user("province_admin")
    page = csrf_client.get("/login").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = csrf_client.post("/login", data={"email": user.email, "password": "a-long-test-password"},
                                headers={"X-CSRFToken": token})
    assert response.status_code == 302
    refused = csrf_client.post("/p/quang-tri/members/invite", data={"email": "a@b.vn", "role": "officer"},
                               headers={"HX-Request": "true"})
    assert refused.status_code == 400


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"database": "ok", "queue": "in-process"}


def test_healthz_reports_an_unreachable_queue(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions.pop("redis", None)
    try:
        assert client.get("/healthz").json["queue"] == "unavailable"
    finally:
        app.config["REDIS_URL"] = None
        app.extensions.pop("redis", None)


def test_production_refuses_to_start_without_a_real_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_ENV", "production")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///registry.sqlite3")
    with pytest.raises(ConfigError, match="PostgreSQL"):
        create_app()


def test_production_cookies_are_hardened(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_ENV", "production")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
    assert "/dev/mail" not in {rule.rule for rule in app.url_map.iter_rules()} or not app.config["SHOW_DEV_MAILBOX"]


def test_create_user_command_creates_a_province_officer(runner, app):
    result = runner.invoke(args=["create-user", "--email", "Moi@CongAn.vn", "--password", "mot-mat-khau",
                                 "--role", "officer", "--province", "son-la"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "moi@congan.vn"))
        assert user.check_password("mot-mat-khau")
        assert [m.province.slug for m in user.memberships] == ["son-la"]


@pytest.mark.parametrize("args, message", [
    (["--role", "officer"], "needs a province"),
    (["--role", "ministry_admin", "--province", "son-la"], "takes no province"),
    (["--role", "officer", "--province", "atlantis"], "no province"),
])
def test_create_user_command_refuses_bad_combinations(runner, args, message):
    result = runner.invoke(args=["create-user", "--email", "a@b.vn", "--password", "pw-long-enough", *args])
    assert result.exit_code != 0 and message in result.output


def test_seed_demo_is_idempotent(runner, app):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "canbo.quang-tri@demo.vn")) is not None
        count = len(db.session.scalars(select(User)).all())
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == count


def test_migrations_build_the_whole_schema(app):
    """The database under test was built by ``flask db upgrade`` alone; it matches the models."""
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_dev_mailbox_is_for_a_signed_in_ministry_admin_only(client, make_user, login_as, app):
    user = make_user("officer")
    client.post("/password/forgot", data={"email": user.email})
    anonymous = client.get("/dev/mail")  # the curl of the issue: a reset link for anyone
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert user.email not in anonymous.text
    login_as("officer")
    assert client.get("/dev/mail").status_code == 403
    login_as("ministry_admin", None)
    assert user.email in client.get("/dev/mail").text
