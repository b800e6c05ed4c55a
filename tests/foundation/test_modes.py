"""The three modes: development on one's own machine, a pilot on SQLite that is safe on a
network, and production."""
from __future__ import annotations

import logging
import os
import stat

import pytest

from registry import create_app
from registry.config import ConfigError


@pytest.fixture
def environment(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "REQUIRE_SECOND_FACTOR", "MAIL_SERVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'pilot.sqlite3'}")
    return monkeypatch


def test_development_makes_a_random_secret_once_readable_only_by_its_owner(environment, tmp_path):
    environment.setenv("REGISTRY_ENV", "development")
    first = create_app().config["SECRET_KEY"]
    assert len(first) == 64 and first != "development-only-secret-key"
    assert create_app().config["SECRET_KEY"] == first  # the same on every start: sessions survive
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_a_pilot_on_sqlite_runs_with_production_rules(environment, caplog):
    # Alembic's logging set-up (flask db upgrade, run by the suite's app) disables loggers it did
    # not configure; a web process never runs it.
    environment.setattr(logging.getLogger("registry.config"), "disabled", False)
    environment.setenv("REGISTRY_ENV", "pilot")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    environment.setenv("SECRET_KEY", "p" * 40)
    app = create_app()
    assert "pilot on SQLite" in caplog.text
    config = app.config
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert config["SECOND_FACTOR_REQUIRED"] and config["HSTS"] and not config["SHOW_DEV_MAILBOX"]
    client = app.test_client()
    assert client.get("/dev/mail").status_code == 404
    assert client.get("/login").headers["Strict-Transport-Security"]
    environment.setenv("REQUIRE_SECOND_FACTOR", "0")
    with pytest.raises(ConfigError, match="second factor"):
        create_app()


def test_production_refuses_sqlite_and_the_old_constant_secret(environment):
    environment.setenv("REGISTRY_ENV", "production")
    environment.setenv("SECRET_KEY", "development-only-secret-key")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    environment.setenv("SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="pilot allows SQLite"):
        create_app()


def test_an_unknown_mode_is_refused(environment):
    environment.setenv("REGISTRY_ENV", "staging")
    with pytest.raises(ConfigError, match="REGISTRY_ENV"):
        create_app()
