"""What pages read from the outbox: the bell's count, the outbox's figures, refused mail.

Who sees a refused mail (one rule, used by both failures pages): someone who can act on it.

- A province's admins see the refusals of the people who work in their province (a
  membership, no ministry role) that concern that province or no province in particular
  (a digest of someone in several provinces, a password reset).
- The ministry's admins (``/ministry/operations``) see every refused account mail
  (invitations, password resets, …: ``immediate``), every refusal of a ministry user, and any
  refusal no province's admins would see.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import aliased

from registry.accounts.models import MINISTRY_ROLES, Membership, User
from registry.extensions import db
from registry.outbox.models import DIGEST, FAILED, HELD, UNDELIVERED, Notification

# Mail-only kinds: the user asked for them (or they wrap others); the bell does not list them.
NOT_IN_APP = ("invitation", "password_reset", "second_factor_reset", DIGEST)
FAILURES_SHOWN = 200


def shown_in_app(user_id):
    return and_(Notification.user_id == user_id, Notification.kind.not_in(NOT_IN_APP))


def unread_of(user_id):
    """How many of the user's notifications the bell counts as unread, as an SQL expression:
    ``user_id`` may be a column, so the user loader reads the count with the user."""
    return (select(func.count(Notification.id))
            .where(shown_in_app(user_id), Notification.read_at.is_(None))
            .scalar_subquery())


def oldest_waiting(statuses: tuple[str, ...]) -> datetime | None:
    return db.session.scalar(select(func.min(Notification.created_at)).where(Notification.status.in_(statuses)))


def outbox_figures() -> dict:
    """Counts by status and the oldest undelivered (and oldest held) notification, for operations."""
    counts = dict(db.session.execute(select(Notification.status, func.count()).group_by(Notification.status)).all())
    return {
        "counts": counts,
        "oldest_undelivered": oldest_waiting(UNDELIVERED),
        "oldest_held": oldest_waiting((HELD,)),
        "failed": counts.get(FAILED, 0),
    }


def _province_worker():
    """The recipient holds no ministry role (correlated with the notification's user)."""
    ministry = aliased(User)
    return ~exists(select(ministry.id).where(ministry.id == Notification.user_id,
                                             ministry.ministry_role.in_(MINISTRY_ROLES)))


def _seen_in(province_id=None):
    """The refusal is on ``province_id``'s page (any province's, without one)."""
    member = select(Membership.id).where(Membership.user_id == Notification.user_id)
    if province_id is None:
        member = member.where(or_(Notification.province_id.is_(None), Membership.province_id == Notification.province_id))
        return and_(_province_worker(), exists(member))
    member = member.where(Membership.province_id == province_id)
    return and_(_province_worker(), exists(member),
                or_(Notification.province_id.is_(None), Notification.province_id == province_id))


def _failures(condition) -> Select:
    return (select(Notification).join(User, User.id == Notification.user_id)
            .where(Notification.status == FAILED, condition)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def province_failures(province_id: int) -> Select:
    """Refused mail the province's admins can act on, newest first."""
    return _failures(_seen_in(province_id))


def ministry_failures() -> Select:
    """Refused mail for the ministry's admins: account mail, ministry users', and what no province sees."""
    return _failures(or_(Notification.immediate, not_(_seen_in())))


def listed(statement: Select, limit: int = FAILURES_SHOWN) -> list[Notification]:
    return list(db.session.scalars(statement.limit(limit)))


def chosen(statement: Select, ids: list[int]) -> list[Notification]:
    """The refusals among ``ids`` that ``statement`` lists (others are ignored)."""
    return list(db.session.scalars(statement.where(Notification.id.in_(ids)))) if ids else []
