"""Configuration, read only from environment variables.

The embedded default (no variables set) is a development set-up: SQLite in the
instance folder, jobs in-process, mail written to files. Production is declared
with ``REGISTRY_ENV=production`` and then refuses to start on unsafe settings.
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

DEVELOPMENT_SECRET = "development-only-secret-key"
POOL_RECYCLE_SECONDS = 300


class ConfigError(RuntimeError):
    """The environment does not describe a configuration we may start with."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Point plain ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment."""
    environment = os.environ.get("REGISTRY_ENV", os.environ.get("FLASK_ENV", "development"))
    production = environment == "production"
    default_database = "sqlite:///" + str(Path(instance_path) / "registry.sqlite3")
    config = {
        "REGISTRY_ENV": environment,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", default_database)
        ),
        # No ping before each checkout (a round trip on every request); connections are renewed
        # after 5 minutes instead, before any proxy or firewall drops an idle one. After a
        # database restart the request holding a dead connection fails once, and SQLAlchemy then
        # discards every older connection of the pool.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": POOL_RECYCLE_SECONDS},
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Sổ mô hình phong trào <no-reply@registry.local>"
        ),
        # Seconds between attempts after a temporary SMTP failure (4xx, no connection).
        "MAIL_RETRY_INTERVALS": [
            int(part) for part in os.environ.get("MAIL_RETRY_INTERVALS", "60,300,1800,7200,21600").split(",")
        ],
        "MAIL_FOLDER": os.environ.get("MAIL_FOLDER", str(Path(instance_path) / "mail")),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(Path(instance_path) / "uploads")),
        # Export files, written by the jobs and read by the web processes: a folder both can reach.
        "EXPORT_FOLDER": os.environ.get("EXPORT_FOLDER", str(Path(instance_path) / "exports")),
        "EXPORT_KEEP_HOURS": int(os.environ.get("EXPORT_KEEP_HOURS", "24")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # Links in mails must be absolute; behind a proxy set it to the public address.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "INVITATION_MAX_AGE": timedelta(days=7),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=2),
        "SHOW_DEV_MAILBOX": not production,
        # Rate limits (Flask-Limiter): in Redis when there is one, so every web process counts together.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://",
        # A Redis outage must not refuse requests: counting stops until it is back.
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Requests per API token (Flask-Limiter's notation).
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
    }
    if production:
        _refuse_unsafe_production(config)
    return config


def _refuse_unsafe_production(config: dict) -> None:
    secret = config["SECRET_KEY"]
    if not secret or secret == DEVELOPMENT_SECRET or len(secret) < 32:
        raise ConfigError("Production needs SECRET_KEY: a random value of at least 32 characters.")
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise ConfigError("Production needs DATABASE_URL pointing at PostgreSQL.")
