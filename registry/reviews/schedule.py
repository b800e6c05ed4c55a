"""When a model's next review falls due.

The next review is due one interval after the end of the last submitted review's period,
or after launch for a model never reviewed; ended models have none. The date is kept on
the model (``next_review_due_on``) so lists, boards and the reminder scan can filter on
an indexed column instead of recomputing it over every review.
"""
from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import func, select

from registry.extensions import db
from registry.movement.models import ENDED, MovementModel
from registry.reviews.models import REVIEW_SUBMITTED, Review


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31/01 + 1 → 28/02 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due_on(model: MovementModel, last_period_end: date | None) -> date | None:
    if model.status == ENDED:
        return None
    start = last_period_end or model.launched_on
    if start is None:
        return None
    return add_months(start, model.review_interval_months)


def refresh_due_date(model: MovementModel) -> date | None:
    """Recompute and store the model's next due date; call after any change that moves it."""
    last_end = db.session.scalar(
        select(func.max(Review.period_end)).where(Review.model_id == model.id, Review.status == REVIEW_SUBMITTED)
    ) if model.id else None
    model.next_review_due_on = next_due_on(model, last_end)
    return model.next_review_due_on


def is_overdue(due_on: date | None, today: date) -> bool:
    """A review is overdue after its due date (on the due date it is due, not late)."""
    return due_on is not None and today > due_on
