"""What the account pages read."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from registry.accounts.models import AccountEvent, Membership, User
from registry.extensions import db
from registry.tenants.models import Province

PER_PAGE = 50
EVENTS_SHOWN = 50
STATUSES = ("active", "inactive", "invited")


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    province: str = ""
    role: str = ""
    status: str = ""
    page: int = 1

    def args(self, **changes) -> dict:
        values = {"q": self.q, "province": self.province, "role": self.role, "status": self.status,
                  "page": self.page} | changes
        return {key: value for key, value in values.items() if value and not (key == "page" and value == 1)}


def _like(text: str) -> str:
    """A LIKE pattern finding ``text`` anywhere, its own % and _ taken literally (escape: backslash)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def accounts(filters: AccountFilters) -> tuple[list[User], int]:
    """Every account matching the filters (address or name, province, role, state), a page of them."""
    statement = select(User)
    if filters.q:
        pattern = _like(filters.q.lower())
        statement = statement.where(or_(func.lower(User.email).like(pattern, escape="\\"),
                                        func.lower(User.name).like(pattern, escape="\\")))
    if filters.province or filters.role in ("officer", "province_admin", "viewer"):
        member = select(Membership.user_id).join(Province)
        if filters.province:
            member = member.where(Province.slug == filters.province)
        if filters.role in ("officer", "province_admin", "viewer"):
            member = member.where(Membership.role == filters.role)
        statement = statement.where(User.id.in_(member))
    if filters.role in ("ministry_reviewer", "ministry_admin"):
        statement = statement.where(User.ministry_role == filters.role)
    if filters.status == "active":
        statement = statement.where(User.active.is_(True), User.password_hash.is_not(None))
    elif filters.status == "inactive":
        statement = statement.where(User.active.is_(False))
    elif filters.status == "invited":
        statement = statement.where(User.password_hash.is_(None))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = db.session.scalars(
        statement.options(selectinload(User.memberships)).order_by(User.email)
        .offset((filters.page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return list(rows), total


def events_of(user_id: int) -> list[AccountEvent]:
    return list(db.session.scalars(
        select(AccountEvent).options(selectinload(AccountEvent.actor)).where(AccountEvent.user_id == user_id)
        .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc()).limit(EVENTS_SHOWN)))


def events_in(province_id: int) -> list[AccountEvent]:
    """Changes to the province's members (roles, deactivations, removals, invitations), newest first."""
    return list(db.session.scalars(
        select(AccountEvent).options(selectinload(AccountEvent.actor), selectinload(AccountEvent.user))
        .where(AccountEvent.province_id == province_id)
        .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc()).limit(EVENTS_SHOWN)))


def provinces() -> list[Province]:
    return list(db.session.scalars(select(Province).order_by(Province.name)))
