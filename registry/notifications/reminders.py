"""The daily reminder scan: reviews due soon, due today, overdue; nominations waiting.

Rules (days counted in Vietnam's calendar):

- a review due in 1–14 days: "due in 14 days" to the model's officers, once per due date
  (a missed scan catches up the next day);
- due today: "due today" to the model's officers;
- overdue: a reminder to the officers on the 1st, 8th, 15th … day after the due date
  (one per 7-day period, the period is part of the deduplication key);
- more than 30 days overdue: each admin of the province gets one summary a week (Monday to
  Sunday) of how many of its reviews are that late, with the oldest due date;
- more than 60 days overdue: counted on the ministry's dashboard (``long_overdue_counts``);
- a nomination submitted (or under review) more than 14 days ago: every ministry reviewer,
  then again every 7 days while it waits.

The model's officers: its creator while they are still an officer or admin of its province;
otherwise every officer of the province (and if there is none, its admins).

Every notification's key is kind + object + due date or week (+ period) + recipient, unique
in the database: two scans at once, a scan run twice, or a retried job tell each person once.
"""
from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from registry.accounts.models import EDITING_ROLES, MINISTRY_REVIEWER, OFFICER, PROVINCE_ADMIN, Membership, User
from registry.extensions import db
from registry.clock import VIETNAM, local_date, today as vietnam_today
from registry.movement.models import ACTIVE, SUSPENDED, MovementModel
from registry.nominations.models import Nomination
from registry.notifications.links import nomination_url, overdue_models_path, review_form_path
from registry.notifications.service import notify_many
from registry.tenants.models import Province

log = logging.getLogger(__name__)

SOON_DAYS = 14
REPEAT_DAYS = 7
ESCALATION_DAYS = 30
LONG_OVERDUE_DAYS = 60
NOMINATION_WAIT_DAYS = 14
REMINDED_STATUSES = (ACTIVE, SUSPENDED)
WAITING_NOMINATION_STATUSES = ("submitted", "under_review")


def review_reminders(due_on: date, today: date) -> list[tuple[str, str]]:
    """(kind, period) of the reminders a review due on ``due_on`` calls for on ``today``."""
    days_left = (due_on - today).days
    if 0 < days_left <= SOON_DAYS:
        return [("review_due_soon", "")]
    if days_left == 0:
        return [("review_due_today", "")]
    overdue = -days_left
    if overdue <= 0:
        return []
    return [("review_overdue", f"p{(overdue - 1) // REPEAT_DAYS}")]


class Recipients:
    """Who hears about the models of a scan: creators and members read once for all of them."""

    def __init__(self, models: list[MovementModel]):
        creator_ids = {m.created_by_id for m in models if m.created_by_id}
        self.creators = {user.id: user for user in _in_chunks(
            creator_ids, lambda ids: select(User).options(selectinload(User.memberships)).where(User.id.in_(ids)))}
        self.members: dict[tuple[int, str], list[User]] = {}
        for membership, user in db.session.execute(
            select(Membership, User).join(User, User.id == Membership.user_id)
            .where(Membership.province_id.in_({m.province_id for m in models}),
                   Membership.role.in_((OFFICER, PROVINCE_ADMIN)), Membership.active.is_(True), User.active.is_(True))
            .order_by(User.id)
        ):
            self.members.setdefault((membership.province_id, membership.role), []).append(user)

    def model_officers(self, model: MovementModel) -> list[User]:
        """The creator while still an officer or admin of the province; else its officers (else admins)."""
        creator = self.creators.get(model.created_by_id)
        membership = creator.membership_in(model.province_id) if creator else None
        if creator and creator.active and membership and membership.role in EDITING_ROLES:
            return [creator]
        return self.members.get((model.province_id, OFFICER)) or self.members.get((model.province_id, PROVINCE_ADMIN), [])

    def admins(self, province_id: int) -> list[User]:
        return self.members.get((province_id, PROVINCE_ADMIN), [])


def _in_chunks(ids, statement_for, size: int = 1000) -> list:
    ids, found = sorted(ids), []
    for start in range(0, len(ids), size):
        found += db.session.scalars(statement_for(ids[start:start + size])).all()
    return found


def _review_params(model: MovementModel, province: Province, today: date) -> dict:
    due_on = model.next_review_due_on
    return {
        "model": model.name, "model_id": model.id, "province": province.name,
        "due_day": due_on.strftime("%d/%m/%Y"), "days_left": (due_on - today).days,
        "days_overdue": (today - due_on).days,
    }


def scan_reviews(today: date) -> Counter:
    """Reminders of every model due soon, today or overdue: a few queries per thousand models."""
    models = db.session.scalars(
        select(MovementModel).where(
            MovementModel.next_review_due_on.is_not(None),
            MovementModel.next_review_due_on <= today + timedelta(days=SOON_DAYS),
            MovementModel.status.in_(REMINDED_STATUSES),
        ).order_by(MovementModel.id)
    ).all()
    due = [(model, reminders) for model in models if (reminders := review_reminders(model.next_review_due_on, today))]
    if not due:
        return Counter()
    recipients = Recipients([model for model, _ in due])
    provinces = {p.id: p for p in db.session.scalars(select(Province))}
    planned = []
    for model, reminders in due:
        province = provinces[model.province_id]
        link = review_form_path(province.slug, model.id)
        params = _review_params(model, province, today)
        for kind, period in reminders:
            for user in recipients.model_officers(model):
                key = (f"{kind}:model-{model.id}:{model.next_review_due_on.isoformat()}"
                       f"{':' + period if period else ''}:user-{user.id}")
                planned.append({"user": user, "kind": kind, "dedup_key": key, "link": link, "params": params,
                                "province_id": model.province_id})
    planned += _escalations([model for model, _ in due], recipients, provinces, today)
    return Counter(item["kind"] for item in notify_many(planned))


def _escalations(models: list[MovementModel], recipients: Recipients, provinces: dict[int, Province],
                 today: date) -> list[dict]:
    """One summary this week to each admin of a province with reviews more than 30 days overdue
    (one notice per admin and late model buried the admins, and took 80 % of a first scan)."""
    late: dict[int, list[date]] = {}
    for model in models:
        if (today - model.next_review_due_on).days > ESCALATION_DAYS:
            late.setdefault(model.province_id, []).append(model.next_review_due_on)
    monday = today - timedelta(days=today.weekday())
    planned = []
    for province_id, due_days in late.items():
        province, oldest = provinces[province_id], min(due_days)
        params = {"province": province.name, "count": len(due_days), "oldest_day": oldest.strftime("%d/%m/%Y"),
                  "days_overdue": (today - oldest).days}
        link, week = overdue_models_path(province.slug), f"province-{province_id}:week-{monday.isoformat()}"
        for user in recipients.admins(province_id):
            planned.append({"user": user, "kind": "review_escalated", "params": params, "province_id": province_id,
                            "link": link, "dedup_key": f"review_escalated:{week}:user-{user.id}"})
    return planned


def scan_nominations(today: date) -> Counter:
    cutoff = datetime.combine(today - timedelta(days=NOMINATION_WAIT_DAYS), datetime.min.time(), VIETNAM)
    waiting = db.session.scalars(
        select(Nomination).options(joinedload(Nomination.model)).where(
            Nomination.status.in_(WAITING_NOMINATION_STATUSES), Nomination.submitted_at < cutoff
        ).order_by(Nomination.id)
    ).all()
    if not waiting:
        return Counter()
    reviewers = list(db.session.scalars(
        select(User).where(User.ministry_role == MINISTRY_REVIEWER, User.active.is_(True)).order_by(User.id)
    ))
    provinces = {p.id: p for p in db.session.scalars(select(Province))}
    planned = []
    for nomination in waiting:
        submitted_on = local_date(nomination.submitted_at)
        days = (today - submitted_on).days
        period = (days - NOMINATION_WAIT_DAYS - 1) // REPEAT_DAYS
        params = {"model": nomination.model.name, "province": provinces[nomination.province_id].name,
                  "submitted_day": submitted_on.strftime("%d/%m/%Y"), "days_waiting": days}
        link = nomination_url(nomination)
        for user in reviewers:
            key = f"nomination_waiting:nomination-{nomination.id}:{submitted_on.isoformat()}:p{period}:user-{user.id}"
            planned.append({"user": user, "kind": "nomination_waiting", "dedup_key": key, "link": link,
                            "params": params, "province_id": nomination.province_id})
    return Counter(item["kind"] for item in notify_many(planned))


def scan(today: date | None = None) -> Counter:
    """Write every reminder due on ``today`` (Vietnam's date) and commit; returns counts by kind."""
    today = today or vietnam_today()
    counts = scan_reviews(today) + scan_nominations(today)
    db.session.commit()
    log.info("reminder scan for %s: %s", today.isoformat(), dict(counts) or "nothing due")
    return counts


def long_overdue_counts(today: date | None = None) -> dict[int, int]:
    """Models whose review is more than 60 days overdue, by province id (ministry dashboard).

    Reads across provinces: call it from a ministry view (national scope) or a job.
    """
    today = today or vietnam_today()
    rows = db.session.execute(
        select(MovementModel.province_id, func.count()).where(
            MovementModel.next_review_due_on < today - timedelta(days=LONG_OVERDUE_DAYS),
            MovementModel.status.in_(REMINDED_STATUSES),
        ).group_by(MovementModel.province_id)
    )
    return {province_id: count for province_id, count in rows}

