"""Extensions, created unbound and bound to the app in ``create_app``."""
from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import registry as orm_registry

from registry.clock import UTCDateTime

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    # Moments are stored in UTC and read back aware (registry.clock); dates stay plain dates.
    registry = orm_registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()


def client_address() -> str:
    """The client's address (behind ``PROXY_COUNT`` proxies, from X-Forwarded-For via ProxyFix)."""
    return request.remote_addr or "unknown"


# Only the routes that ask for it are limited: sign-in, its second step, forgotten passwords; the API per token.
limiter = Limiter(key_func=client_address, default_limits=[], headers_enabled=False)
