"""Users, their memberships in provinces, and the roles they hold."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from registry.extensions import db
from registry.clock import now_utc
from registry.tenants.models import Province

OFFICER = "officer"
PROVINCE_ADMIN = "province_admin"
VIEWER = "viewer"
MINISTRY_REVIEWER = "ministry_reviewer"
MINISTRY_ADMIN = "ministry_admin"

PROVINCE_ROLES = (OFFICER, PROVINCE_ADMIN, VIEWER)
MINISTRY_ROLES = (MINISTRY_REVIEWER, MINISTRY_ADMIN)
ALL_ROLES = PROVINCE_ROLES + MINISTRY_ROLES
# Who may change a province's records; viewers only read.
EDITING_ROLES = (OFFICER, PROVINCE_ADMIN)
LOCALES = ("vi", "en")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    # None until an invited user chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    ministry_role: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    # The second factor (TOTP, RFC 6238): the shared secret (base32) once enrolment is confirmed,
    # and the last time step a code was accepted for, so a code is never accepted twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    # Every membership, suspended ones included. A signed-in request's ``current_user`` holds only
    # the active ones (the user loader reads them so): its roles are what it may do.
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    # What the bell shows; the user loader reads it with the user (not a column).
    unread_notifications = 0

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @hybrid_property
    def display_name(self) -> str:
        return self.name or self.email

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return func.coalesce(func.nullif(cls.name, ""), cls.email)

    @property
    def is_ministry(self) -> bool:
        return self.ministry_role in MINISTRY_ROLES

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_enabled_at is not None

    @property
    def role_needs_second_factor(self) -> bool:
        """Ministry roles and province admins sign in with a second factor (where it is enforced)."""
        return self.is_ministry or any(m.role == PROVINCE_ADMIN and m.active for m in self.memberships)

    def membership_in(self, province_id: int) -> Membership | None:
        """The active membership in that province, if any."""
        return next((m for m in self.memberships if m.province_id == province_id and m.active), None)

    def membership_of(self, province_slug: str) -> Membership | None:
        """The active membership in the province of that URL slug (its province loaded with it)."""
        return next((m for m in self.memberships if m.province.slug == province_slug and m.active), None)

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(db.Model):
    """A user's role in one province. Read across provinces on purpose: a user's own."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "province_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    # A suspended membership (deactivated by the province's admin) gives no access to the province;
    # the account and its other memberships are untouched.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship(back_populates="memberships")
    province: Mapped[Province] = relationship(lazy="joined")

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == PROVINCE_ADMIN


class UserSession(db.Model):
    """A signed-in browser: what the session cookie points at. Deleting the row ends the session.

    The cookie carries a random token; only its SHA-256 is stored, so the table cannot be used to
    sign in. Sign-out, a password change or reset, deactivation, a role change, a removed
    membership, a reset second factor and "sign out everywhere" delete rows; the user loader
    refuses a session idle for longer than ``SESSION_IDLE_MINUTES`` or older than
    ``SESSION_MAX_HOURS`` (``registry.accounts.sessions``).
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(default=now_utc)
    # Signed in with the second factor (or enrolled in it during this session).
    second_factor: Mapped[bool] = mapped_column(default=False)
    client: Mapped[str] = mapped_column(String(200), default="")  # address and browser, for the account page


class RecoveryCode(db.Model):
    """A one-time code that replaces the second factor once; stored as its SHA-256."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class AccountEvent(db.Model):
    """Who did what to an account, when, with the changed fields. Never edited.

    Not a province's row: an account may belong to several provinces or none. ``province_id``
    names the province the change was about, so a province's admins read their own.
    """

    __tablename__ = "account_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # "command line" for an operator's command; the client's address for sign-ins.
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
