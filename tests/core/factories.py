"""Rows the home page and the national dashboard read, made directly (other areas own the forms);
models, sites and wards come from ``tests.factories``."""
from __future__ import annotations

from datetime import date, datetime, timezone

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.outbox.models import Notification
from registry.reviews.models import Review


def make_nomination(model: MovementModel, status: str, *, round_year: int = 2026,
                    submitted: bool | None = None) -> Nomination:
    """A nomination in ``status``; past a draft it was submitted once, unless ``submitted=False``
    (a draft withdrawn before it was ever submitted)."""
    submitted = status != "draft" if submitted is None else submitted
    nomination = Nomination(province_id=model.province_id, model_id=model.id, round_year=round_year, status=status,
                            submitted_at=datetime(2026, 4, 1, tzinfo=timezone.utc) if submitted else None,
                            decided_at=datetime(2026, 5, 1, tzinfo=timezone.utc) if status == "returned" else None)
    db.session.add(nomination)
    db.session.flush()
    return nomination


def make_review(model: MovementModel, due_on: date, submitted_on: date | None) -> Review:
    review = Review(
        province_id=model.province_id, model_id=model.id, period_start=date(due_on.year - 1, due_on.month, 1),
        period_end=due_on, due_on=due_on, status="submitted" if submitted_on else "draft",
        submitted_at=datetime(submitted_on.year, submitted_on.month, submitted_on.day, 3, tzinfo=timezone.utc)
        if submitted_on else None,
    )
    db.session.add(review)
    db.session.flush()
    return review


def make_notification(user_id: int, key: str, read: bool = False, kind: str = "review_due") -> Notification:
    notification = Notification(dedup_key=key, kind=kind, user_id=user_id,
                                read_at=datetime(2026, 1, 1, tzinfo=timezone.utc) if read else None)
    db.session.add(notification)
    db.session.flush()
    return notification
