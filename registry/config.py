"""Configuration, read only from environment variables.

``REGISTRY_ENV`` chooses one of three modes:

- ``development`` (the embedded default, no variables set): SQLite in the instance folder, jobs
  in-process, mail written to files and listed for a signed-in ministry admin at ``/dev/mail``, a
  random ``SECRET_KEY`` generated once into the instance folder; the second factor is offered,
  and required only with ``REQUIRE_SECOND_FACTOR=1``.
- ``pilot``: a small pilot on one machine, safe on a network: everything production enforces
  (a real ``SECRET_KEY``, ``Secure`` ``__Host-`` cookies, HSTS, the second factor for ministry
  roles and province admins, no development pages), but SQLite and in-process jobs allowed (a
  warning is logged).
- ``production``: as ``pilot``, with PostgreSQL required.
"""
from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

log = logging.getLogger(__name__)

DEVELOPMENT = "development"
PILOT = "pilot"
PRODUCTION = "production"
ENVIRONMENTS = (DEVELOPMENT, PILOT, PRODUCTION)
# Kept so a deployment still running on the old constant is refused, never trusted.
DEVELOPMENT_SECRET = "development-only-secret-key"
SECRET_FILE = "secret_key"
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


def development_secret(instance_path: str) -> str:
    """A random key made once for this instance folder (mode 0600) and read on every start."""
    path = Path(instance_path) / SECRET_FILE
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    secret = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    return secret


def load(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment."""
    environment = os.environ.get("REGISTRY_ENV", os.environ.get("FLASK_ENV", DEVELOPMENT))
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"REGISTRY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}.")
    # Pilot and production are both "on a network": they share every safety rule.
    secure = environment != DEVELOPMENT
    default_database = "sqlite:///" + str(Path(instance_path) / "registry.sqlite3")
    secret = os.environ.get("SECRET_KEY") or (None if secure else development_secret(instance_path))
    redis_url = os.environ.get("REDIS_URL") or None
    config = {
        "REGISTRY_ENV": environment,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", default_database)
        ),
        # No ping before each checkout (a round trip on every request); connections are renewed
        # after 5 minutes instead, before any proxy or firewall drops an idle one. After a
        # database restart the request holding a dead connection fails once, and SQLAlchemy then
        # discards every older connection of the pool.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_recycle": POOL_RECYCLE_SECONDS},
        "REDIS_URL": redis_url,
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
        # Two assessments diverge (a consensus comes before any decision) when they differ by this
        # much on any criterion, or on the total.
        "NOMINATION_DIVERGENCE_CRITERION": int(os.environ.get("NOMINATION_DIVERGENCE_CRITERION", "2")),
        "NOMINATION_DIVERGENCE_TOTAL": int(os.environ.get("NOMINATION_DIVERGENCE_TOTAL", "5")),
        # Days before a round's deadline when provinces are reminded (comma-separated).
        "ROUND_REMINDER_DAYS": tuple(
            int(part) for part in os.environ.get("ROUND_REMINDER_DAYS", "14,3").split(",") if part.strip()),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        # Links in mails must be absolute; behind a proxy set it to the public address.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        # The session cookie: __Host- (Secure, path /, no Domain) wherever the site is on a network.
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_PATH": "/",
        # Server-side sessions (registry.accounts.sessions): idle timeout and absolute lifetime.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        # Flask-Login's remember-me cookie is never set (and ignored if sent): no value here makes it work.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "INVITATION_MAX_AGE": timedelta(days=7),
        "PASSWORD_RESET_MAX_AGE": timedelta(hours=2),
        "SHOW_DEV_MAILBOX": not secure,
        # Ministry roles and province admins must sign in with a second factor.
        "SECOND_FACTOR_REQUIRED": True if secure else _flag("REQUIRE_SECOND_FACTOR"),
        "HSTS": secure,
        # Sign-in throttling and the API's limits (Flask-Limiter): Redis when there is one, so every
        # web process counts together.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or redis_url or "memory://",
        # A Redis outage must not refuse requests: counting stops until it is back.
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Requests per API token (Flask-Limiter's notation).
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "600 per minute"),
        # How many proxies in front of the app set X-Forwarded-For (the client's address for throttling).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
    }
    if secure:
        _refuse_unsafe(config, environment)
    return config


def _refuse_unsafe(config: dict, environment: str) -> None:
    name = environment.capitalize()
    secret = config["SECRET_KEY"]
    if not secret or secret == DEVELOPMENT_SECRET or len(secret) < 32:
        raise ConfigError(f"{name} needs SECRET_KEY: a random value of at least 32 characters.")
    if os.environ.get("REQUIRE_SECOND_FACTOR", "1").strip().lower() in {"0", "false", "no", "off"}:
        raise ConfigError(f"{name} always requires the second factor: unset REQUIRE_SECOND_FACTOR.")
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        if environment == PRODUCTION:
            raise ConfigError("Production needs DATABASE_URL pointing at PostgreSQL (REGISTRY_ENV=pilot allows SQLite).")
        log.warning("pilot on SQLite: fine for a few users on one machine; use PostgreSQL beyond that")
    if not config["MAIL_SERVER"]:
        log.warning("%s without MAIL_SERVER: mails (invitations, password resets) are only written to %s",
                    environment, config["MAIL_FOLDER"])
    if not config["REDIS_URL"]:
        log.warning("%s without REDIS_URL: jobs run in the web process and throttling counts per process", environment)
