"""Digests: one mail listing every held notification of a user, with a link to each.

The daily run serves everyone who has not chosen the weekly digest (a user who switched to
immediate mail gets what was still held); the weekly run serves weekly users. A digest is
itself a notification keyed by user and period (``digest:daily:2026-03-02:user-7``), so two
runs at once or a retried job produce one digest; the items join it in the same
transaction, so an item goes out in exactly one digest.
"""
from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select, update

from registry.accounts.models import User
from registry.extensions import db
from registry.notifications import preferences
from registry.notifications.links import path_for
from registry.notifications.mail import DIGEST
from registry.notifications.models import DAILY, DIGESTED, HELD, SKIPPED, WEEKLY, Notification
from registry.clock import today as vietnam_today
from registry.notifications.service import notify

log = logging.getLogger(__name__)


def period_of(frequency: str, today: date) -> str:
    if frequency == WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


def _serves(frequency: str, user_frequency: str) -> bool:
    return (user_frequency == WEEKLY) == (frequency == WEEKLY)


def digest_user(user: User, frequency: str, period: str) -> Notification | None:
    """Gather the user's held notifications into one digest; the caller commits."""
    preference = preferences.preference_for(user.id)
    held = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.status == HELD)
        .order_by(Notification.id)
    ).all()
    wanted = [n for n in held if preferences.wants_mail(preference, n.kind)]
    unwanted = [n.id for n in held if n not in wanted]
    if unwanted:
        db.session.execute(update(Notification).where(Notification.id.in_(unwanted)).values(status=SKIPPED))
    if not wanted:
        return None
    digest = notify(
        user, DIGEST, f"digest:{frequency}:{period}:user-{user.id}", link=path_for("notifications.index"),
        params={"count": len(wanted), "frequency": frequency}, immediate=True,
    )
    if digest is None:
        return None  # this period's digest went out already (or another run is writing it)
    db.session.execute(
        update(Notification).where(Notification.id.in_([n.id for n in wanted]), Notification.status == HELD)
        .values(status=DIGESTED, digest_id=digest.id)
    )
    return digest


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
