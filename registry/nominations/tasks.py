"""Jobs of the nominations (scheduled in jobs/cron.py): reminders before a round's deadline.

Each province's admins are told ``ROUND_REMINDER_DAYS`` days before the deadline of every open
round (14 and 3 by default), with how many of their nominations in it are not yet sent. The
deduplication key (round, days, user) makes a re-run or a second scheduler harmless.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from registry import clock
from registry.accounts.models import PROVINCE_ADMIN, Membership, User
from registry.extensions import db
from registry.nominations.models import DRAFT, RETURNED, ROUND_OPEN, Nomination, NominationRound
from registry.outbox import notify_many
from registry.outbox.dispatch import dispatch_all_pending
from registry.tenants.models import Province
from registry.web import path_for

log = logging.getLogger(__name__)
KIND = "round_deadline"


def plan_round_reminders(today: date) -> list[dict]:
    """The reminders due on ``today`` (Vietnam's date), not yet written."""
    days_before = set(current_app.config.get("ROUND_REMINDER_DAYS", (14, 3)))
    due = [r for r in db.session.scalars(select(NominationRound).where(NominationRound.status == ROUND_OPEN))
           if (r.deadline - today).days in days_before]
    if not due:
        return []
    admins = db.session.execute(
        select(User, Province).join(Membership, Membership.user_id == User.id)
        .join(Province, Province.id == Membership.province_id)
        .where(Membership.role == PROVINCE_ADMIN, Membership.active.is_(True), User.active.is_(True))
        .order_by(Province.id, User.id)).all()
    planned = []
    for round_ in due:
        days = (round_.deadline - today).days
        unsent = dict(db.session.execute(
            select(Nomination.province_id, func.count(Nomination.id))
            .where(Nomination.round_id == round_.id, Nomination.status.in_((DRAFT, RETURNED)))
            .group_by(Nomination.province_id)).all())
        for user, province in admins:
            planned.append({
                "user": user, "kind": KIND, "province_id": province.id,
                "dedup_key": f"{KIND}:round-{round_.id}:d{days}:user-{user.id}:province-{province.id}",
                "link": path_for("province.nominations.index", province=province.slug),
                "params": {"round": round_.name, "deadline": round_.deadline.strftime("%d/%m/%Y"), "days": days,
                           "unsent": unsent.get(province.id, 0), "province": province.name},
            })
    return planned


def remind_round_deadlines(today: str | None = None) -> dict:
    """The daily reminder of rounds' deadlines; ``today`` (YYYY-MM-DD) re-runs a missed day."""
    day = date.fromisoformat(today) if today else clock.today()
    written = notify_many(plan_round_reminders(day))
    db.session.commit()
    dispatch_all_pending()
    log.info("round reminders for %s: %s written", day.isoformat(), len(written))
    return dict(Counter(item["kind"] for item in written))
