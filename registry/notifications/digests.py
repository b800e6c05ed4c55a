"""Digests: one mail listing every held notification of a user, with a link to each.

The daily run serves everyone who has not chosen the weekly digest (a user who switched to
immediate mail gets what was still held); the weekly run serves weekly users. A digest is
itself a notification keyed by user and period (``digest:daily:2026-03-02:user-7``), so two
runs at once or a retried job produce one digest; the items join it in the same
transaction, so an item goes out in exactly one digest. A digest belongs to its recipient's
province (or, for someone in several, to each of them: ``province_id`` None), whose admins see
it if the mail server refuses it; a refused digest releases its items (back to held), and
the next digest, or sending the refused one again, carries them.
"""
from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select, update

from registry.accounts.models import User
from registry.extensions import db
from registry.notifications import preferences
from registry.notifications.links import path_for
from registry.notifications.models import DAILY, WEEKLY
from registry.clock import today as vietnam_today
from registry.outbox import notify
from registry.outbox.models import DIGEST, DIGESTED, HELD, SKIPPED, Notification

log = logging.getLogger(__name__)


def period_of(frequency: str, today: date) -> str:
    if frequency == WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def _serves(frequency: str, user_frequency: str) -> bool:
    return (user_frequency == WEEKLY) == (frequency == WEEKLY)


def _wanted_held(user_id: int) -> list[Notification]:
    """The user's held notifications they still want by mail; the others become skipped."""
    preference = preferences.preference_for(user_id)
    held = db.session.scalars(
        select(Notification).where(Notification.user_id == user_id, Notification.status == HELD)
        .order_by(Notification.id)
    ).all()
    wanted = [n for n in held if preferences.wants_mail(preference, n.kind)]
    unwanted = [n.id for n in held if n not in wanted]
    if unwanted:
        db.session.execute(update(Notification).where(Notification.id.in_(unwanted)).values(status=SKIPPED))
    return wanted


def _attach(digest: Notification, items: list[Notification]) -> None:
    db.session.execute(
        update(Notification).where(Notification.id.in_([n.id for n in items]), Notification.status == HELD)
        .values(status=DIGESTED, digest_id=digest.id), execution_options={"synchronize_session": "fetch"},
    )


def home_province(user: User) -> int | None:
    """The one province a digest is about: the recipient's, if they belong to exactly one."""
    provinces = {membership.province_id for membership in user.memberships}
    return provinces.pop() if len(provinces) == 1 and not user.is_ministry else None


def digest_user(user: User, frequency: str, period: str) -> Notification | None:
    """Gather the user's held notifications into one digest; the caller commits."""
    wanted = _wanted_held(user.id)
    if not wanted:
        return None
    digest = notify(
        user, DIGEST, f"digest:{frequency}:{period}:user-{user.id}", link=path_for("notifications.index"),
        params={"count": len(wanted), "frequency": frequency}, province_id=home_province(user),
    )
    if digest is None:
        return None  # this period's digest went out already (or another run is writing it)
    _attach(digest, wanted)
    return digest


def gather_into(digest: Notification) -> int:
    """Attach to a refused digest what still waits for its recipient; returns how many items."""
    wanted = _wanted_held(digest.user_id)
    if wanted:
        _attach(digest, wanted)
        digest.params = dict(digest.params or {}, count=len(wanted))
    return len(wanted)


def send_digests(frequency: str = DAILY, today: date | None = None) -> int:
    """Write this period's digests (one per user with held items); returns how many."""
    period = period_of(frequency, today or vietnam_today())
    user_ids = db.session.scalars(select(Notification.user_id).where(Notification.status == HELD).distinct()).all()
    written = 0
    for user_id in sorted(user_ids):
        if not _serves(frequency, preferences.preference_for(user_id).frequency):
            continue
        if digest_user(db.session.get(User, user_id), frequency, period):
            written += 1
        db.session.commit()
    log.info("%s digests for %s: %d written", frequency, period, written)
    return written
