"""Account changes that more than one route or command needs."""
from __future__ import annotations

import logging

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from registry.accounts import second_factor, sessions, tokens
from registry.accounts.models import (
    MINISTRY_ADMIN, MINISTRY_ROLES, PROVINCE_ADMIN, PROVINCE_ROLES, AccountEvent, Membership, User,
)
from registry.extensions import db
from registry.clock import now_utc
from registry.notifications.links import path_for
from registry.notifications.service import notify
from registry.tenants.models import Province

log = logging.getLogger(__name__)
COMMAND_LINE = "command line"


class AccountError(ValueError):
    """A request about accounts that cannot be carried out as asked (``str()`` is for the user)."""


LAST_ADMIN = _l("The province would be left without an administrator: appoint another administrator first.")
LAST_MINISTRY_ADMIN = _l("The ministry would be left without an administrator: appoint another one first.")


def record_event(user: User, action: str, changes: dict | None = None, *, province_id: int | None = None,
                 actor: User | None = None, note: str = "") -> AccountEvent:
    """Audit a change to ``user``'s account in the caller's transaction: by ``actor`` (the signed-in
    user when not given; none for an operator's command, noted as such)."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    event = AccountEvent(user_id=user.id, actor_id=actor.id if actor else None, province_id=province_id,
                         action=action, changes=changes or {}, note=note or ("" if has_request_context() else COMMAND_LINE))
    db.session.add(event)
    log.info("account %s: %s by %s %s", user.id, action, actor.id if actor else "operator", changes or "")
    return event


def _active_admins(province_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Membership).join(User).where(
        Membership.province_id == province_id, Membership.role == PROVINCE_ADMIN, Membership.active.is_(True),
        User.active.is_(True)))


def _keeps_an_admin(membership: Membership) -> None:
    """Refuse a change that takes away the province's last working admin (``membership``'s)."""
    if membership.role == PROVINCE_ADMIN and membership.active and membership.user.active \
            and _active_admins(membership.province_id) <= 1:
        raise AccountError(str(LAST_ADMIN))


def change_role(membership: Membership, role: str, actor: User | None = None) -> None:
    """A member's new role in the province; their sessions end (they sign in again with it)."""
    if role not in PROVINCE_ROLES:
        raise AccountError(f"unknown role {role}")
    if role == membership.role:
        return
    if role != PROVINCE_ADMIN:
        _keeps_an_admin(membership)
    record_event(membership.user, "role_changed", {"role": [membership.role, role]},
                 province_id=membership.province_id, actor=actor)
    membership.role = role
    sessions.end_all(membership.user_id)


def suspend_membership(membership: Membership, actor: User | None = None) -> None:
    """Deactivate a member in this province only: no access to it until reactivated; sessions end."""
    if not membership.active:
        return
    _keeps_an_admin(membership)
    membership.active = False
    record_event(membership.user, "member_deactivated", {"active": [True, False]},
                 province_id=membership.province_id, actor=actor)
    sessions.end_all(membership.user_id)


def resume_membership(membership: Membership, actor: User | None = None) -> None:
    if membership.active:
        return
    membership.active = True
    record_event(membership.user, "member_reactivated", {"active": [False, True]},
                 province_id=membership.province_id, actor=actor)


def remove_membership(membership: Membership, actor: User | None = None) -> None:
    """Take the user out of the province (the account and its history stay); sessions end."""
    _keeps_an_admin(membership)
    record_event(membership.user, "membership_removed", {"role": [membership.role, None]},
                 province_id=membership.province_id, actor=actor)
    user_id = membership.user_id
    db.session.delete(membership)
    sessions.end_all(user_id)


def _is_last_ministry_admin(user: User) -> bool:
    return user.ministry_role == MINISTRY_ADMIN and db.session.scalar(
        select(func.count()).select_from(User).where(User.ministry_role == MINISTRY_ADMIN, User.active.is_(True))) <= 1


def deactivate_user(user: User, actor: User | None = None) -> None:
    """No access anywhere until reactivated; every session ends. The name stays on the history."""
    if not user.active:
        return
    if _is_last_ministry_admin(user):
        raise AccountError(str(LAST_MINISTRY_ADMIN))
    user.active = False
    record_event(user, "deactivated", {"active": [True, False]}, actor=actor)
    sessions.end_all(user.id)


def reactivate_user(user: User, actor: User | None = None) -> None:
    if user.active:
        return
    user.active = True
    record_event(user, "reactivated", {"active": [False, True]}, actor=actor)


def set_ministry_role(user: User, role: str | None, actor: User | None = None) -> None:
    """Give or take a ministry role (None: none); sessions end."""
    if role is not None and role not in MINISTRY_ROLES:
        raise AccountError(f"unknown ministry role {role}")
    if role == user.ministry_role:
        return
    if role != MINISTRY_ADMIN and _is_last_ministry_admin(user):
        raise AccountError(str(LAST_MINISTRY_ADMIN))
    record_event(user, "ministry_role_changed", {"ministry_role": [user.ministry_role, role]}, actor=actor)
    user.ministry_role = role
    sessions.end_all(user.id)


def appoint(user: User, province: Province, role: str, actor: User | None = None) -> Membership:
    """Give ``user`` ``role`` in ``province`` (a new membership, or a new role for an existing one)."""
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.province_id == province.id))
    if membership is not None:
        change_role(membership, role, actor)
        resume_membership(membership, actor)
        return membership
    membership = set_membership(user, province, role)
    record_event(user, "membership_added", {"role": [None, role]}, province_id=province.id, actor=actor)
    sessions.end_all(user.id)
    return membership


def reset_second_factor(user: User, actor: User | None = None) -> None:
    """A lost phone: the second factor and recovery codes go, sessions end, the user is told by mail.
    Ministry roles and province admins enrol again at their next sign-in."""
    had = user.has_second_factor
    second_factor.remove(user)
    record_event(user, "second_factor_reset", {"second_factor": [had, False]}, actor=actor)
    sessions.end_all(user.id)
    notify(user, "second_factor_reset", f"second_factor_reset:{user.id}:{now_utc().isoformat()}",
           link=path_for("accounts.login"), immediate=True)


def end_sessions(user: User, actor: User | None = None, keep_current: bool = False) -> int:
    """Sign the user out everywhere (but here, with ``keep_current``)."""
    ended = sessions.end_all(user.id, keep_current=keep_current)
    record_event(user, "sessions_ended", {"sessions": [ended, 0]}, actor=actor)
    return ended


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

    A new address gets an account without a password, set when the link is followed. An existing
    member gets the new role (their sessions end, as for any role change).
    """
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name, locale=invited_by.locale)
        db.session.add(user)
        db.session.flush()
    appoint(user, province, role, invited_by)
    db.session.flush()
    send_invitation(user, province, role, invited_by)
    log.info("user %s invited user %s to province %s as %s", invited_by.id, user.id, province.id, role)
    return user


def send_invitation(user: User, province: Province, role: str, invited_by: User) -> None:
    """The invitation mail again (a new link), or the notice of a new membership for an account
    that has a password already."""
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


def change_password(user: User, password: str, how: str = "password_changed") -> None:
    """A new password; every session of the user ends (the caller signs this browser in again)."""
    user.set_password(password)
    record_event(user, how, actor=user if how == "password_changed" else None)
    sessions.end_all(user.id)


def send_password_reset(user: User) -> None:
    link = url_for("accounts.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET))
    notify(user, "password_reset", f"password_reset:{user.id}:{now_utc().isoformat()}", link=link, immediate=True)
