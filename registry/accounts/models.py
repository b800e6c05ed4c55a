"""Users, their memberships in provinces, and the roles they hold."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, func
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
DEFAULT_LOCALE = "vi"  # everyone is written to in Vietnamese until they choose otherwise


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    # None until an invited user chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default=DEFAULT_LOCALE)
    ministry_role: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    last_failed_login_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

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

    def membership_in(self, province_id: int) -> Membership | None:
        return next((m for m in self.memberships if m.province_id == province_id), None)

    def membership_of(self, province_slug: str) -> Membership | None:
        """The membership in the province of that URL slug (its province loaded with it)."""
        return next((m for m in self.memberships if m.province.slug == province_slug), None)

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
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship(back_populates="memberships")
    province: Mapped[Province] = relationship(lazy="joined")

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == PROVINCE_ADMIN
