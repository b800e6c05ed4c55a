"""Account changes that more than one route or command needs."""
from __future__ import annotations

import logging

from flask import url_for
from sqlalchemy import func, select

from registry.accounts import tokens
from registry.accounts.models import DEFAULT_LOCALE, MINISTRY_ROLES, PROVINCE_ROLES, Membership, User
from registry.extensions import db
from registry.clock import now_utc
from registry.notifications.service import notify
from registry.tenants.models import Province

log = logging.getLogger(__name__)


class AccountError(ValueError):
    """A request about accounts that cannot be carried out as asked."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, password: str, role: str, province: Province | None = None, name: str = "") -> User:
    """Create (or give a role to) a user. Province roles need a province, ministry roles none."""
    if role in PROVINCE_ROLES and province is None:
        raise AccountError(f"role {role} needs a province")
    if role in MINISTRY_ROLES and province is not None:
        raise AccountError(f"role {role} is a ministry role and takes no province")
    if role not in PROVINCE_ROLES + MINISTRY_ROLES:
        raise AccountError(f"unknown role {role}")
    user = find_user(email) or User(email=email.strip().lower(), name=name)
    db.session.add(user)
    user.set_password(password)
    if role in MINISTRY_ROLES:
        user.ministry_role = role
    else:
        set_membership(user, province, role)
    return user


def set_membership(user: User, province: Province, role: str) -> Membership:
    membership = next((m for m in user.memberships if m.province_id == province.id), None)
    if membership is None:
        membership = Membership(province=province, role=role)
        user.memberships.append(membership)
    membership.role = role
    return membership


def invite(email: str, name: str, province: Province, role: str, invited_by: User) -> User:
    """Add ``email`` to ``province`` with ``role`` and mail them a signed link.

    A new address gets an account without a password, set when the link is followed, and is
    written to in Vietnamese (not in the inviter's language): the invitee may choose English on
    the invitation's page.
    """
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name, locale=DEFAULT_LOCALE)
        db.session.add(user)
    set_membership(user, province, role)
    db.session.flush()
    if user.password_hash is None:
        link = url_for("accounts.accept_invitation", token=tokens.make_token(user, tokens.INVITATION))
        kind = "invitation"
    else:
        link = url_for("core.home")
        kind = "membership_added"
    notify(
        user, kind, f"{kind}:{user.id}:{province.id}:{now_utc().isoformat()}",
        link=link, params={"province": province.name, "role": role, "inviter": invited_by.display_name},
        province_id=province.id, immediate=True,
    )
    log.info("user %s invited user %s to province %s as %s", invited_by.id, user.id, province.id, role)
    return user


def send_password_reset(user: User) -> None:
    link = url_for("accounts.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET))
    notify(user, "password_reset", f"password_reset:{user.id}:{now_utc().isoformat()}", link=link, immediate=True)
