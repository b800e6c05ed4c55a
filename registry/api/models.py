"""Personal access tokens of the JSON API: one user's, named, scoped, expiring, revocable.

Only the SHA-256 of a token is kept. A token is 256 random bits (``secrets``), so nobody can
guess it or search a list of likely ones: a slow password hash (bcrypt, scrypt) would protect
nothing more and cost tens of milliseconds on every request, while an exact hash lets the
request find its token by a unique index in the query that loads the user.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.accounts.models import User
from registry.clock import now_utc
from registry.extensions import db

READ, WRITE = "read", "write"
SCOPES = {READ: _l("Read"), WRITE: _l("Read and write")}


class ApiToken(db.Model):
    """Belongs to its user, not to a province: it carries the user's roles, no more."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[str] = mapped_column(String(10), default=READ)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, so its owner can tell two tokens apart in the list.
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    # Noted at most once a minute, on a connection of its own (registry.api.tokens.note_use).
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # Who made it when it was not its own user (an operator's command leaves it empty).
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def can_write(self) -> bool:
        return self.scope == WRITE

    def is_expired(self, moment: datetime | None = None) -> bool:
        return self.expires_at <= (moment or now_utc())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.scope}>"
