"""When a model's review falls due, and which period a review covers.

- Only a running model is due (``rules.running``): drafts, suspended and ended models are not.
- The first review falls due one interval after the model became active in the registry
  (``activated_on``, set by the status service), not after a launch date years ago, unless a
  review is recorded earlier; after that, one interval after the last reviewed period's end:
  the day the interval that follows it ends (a period to 30/06 is followed by 01/07–31/12,
  due on 31/12).
- Resuming a suspended model starts a new interval from the day it resumed (``resumed_on``),
  unless an earlier due date is still ahead.

The date is kept on the model (``next_review_due_on``, indexed) by ``refresh_due_date``, with
the rating of its latest review (``last_rating``), so lists, boards, dashboards and the
reminder scan filter and count on columns instead of reading every review.

The period a review form offers is the most recent complete interval ending on or before
today, aligned on the last reviewed period's end, or on the launch date for a model never
reviewed; the officer may still pick an older one (``complete_periods``).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select

from registry.clock import add_months
from registry.extensions import db
from registry.figures import rules
from registry.movement.models import MovementModel
from registry.reviews.models import Review

__all__ = ["add_months", "complete_periods", "due_date", "latest_review", "offered_period", "refresh_due_date"]


def due_date(model, last_period_end: date | None) -> date | None:
    """The day the model's next review is due, or None when it is not due at all.

    ``model`` needs ``status``, ``review_interval_months``, ``activated_on`` and ``resumed_on``
    (a ``MovementModel``, or the scale generator's planned model).
    """
    if not rules.is_running(model):
        return None
    months = model.review_interval_months
    if last_period_end is not None:
        due = _interval_end(last_period_end + timedelta(days=1), months)
    elif model.activated_on is not None:
        due = add_months(model.activated_on, months)
    else:
        return None
    if model.resumed_on is not None and due < model.resumed_on:  # it fell due while suspended
        due = add_months(model.resumed_on, months)
    return due


def latest_review(model_id: int) -> tuple[date, str | None] | None:
    """(period end, rating) of the model's latest submitted review, by period."""
    row = db.session.execute(
        select(Review.period_end, Review.rating)
        .where(Review.model_id == model_id, rules.submitted())
        .order_by(Review.period_end.desc(), Review.id.desc()).limit(1)
    ).first()
    return (row.period_end, row.rating) if row else None


def refresh_due_date(model: MovementModel) -> date | None:
    """Recompute and store the model's next due date and latest rating; call after any change
    that moves them (status, interval, a review submitted or corrected)."""
    latest = latest_review(model.id) if model.id else None
    model.next_review_due_on = due_date(model, latest[0] if latest else None)
    model.last_rating = latest[1] if latest else None
    return model.next_review_due_on


def _interval_end(start: date, months: int) -> date:
    """The last day of the interval of ``months`` that begins on ``start``."""
    return add_months(start, months) - timedelta(days=1)


def _periods(model, last_period_end: date | None) -> Iterator[tuple[date, date]]:
    """Consecutive intervals from the day after the last reviewed period, or from the launch."""
    months = model.review_interval_months
    anchor = last_period_end + timedelta(days=1) if last_period_end else (model.launched_on or model.activated_on)
    if anchor is None:
        return
    for k in range(100_000):
        start = add_months(anchor, k * months)
        yield start, _interval_end(start, months)


def complete_periods(model, last_period_end: date | None, today: date) -> list[tuple[date, date]]:
    """The periods not reviewed yet that have ended by ``today``, oldest first: after the last
    reviewed period, or from the launch date for a model never reviewed."""
    periods = []
    for start, end in _periods(model, last_period_end):
        if end > today:
            break
        periods.append((start, end))
    return periods


def offered_period(model, last_period_end: date | None, today: date) -> tuple[date, date] | None:
    """The period a new review of ``model`` covers unless the officer picks another: the most
    recent complete interval ending on or before ``today``; the first one while none is complete."""
    periods = complete_periods(model, last_period_end, today)
    if periods:
        return periods[-1]
    return next(_periods(model, last_period_end), None)


def refresh_all_due_dates(batch: int = 1000) -> int:
    """Every model's due date and latest rating computed again (an operator's repair, after
    writes that bypassed the application); the caller commits. Returns how many models."""
    ids = db.session.scalars(select(MovementModel.id).order_by(MovementModel.id)).all()
    for start in range(0, len(ids), batch):
        for model in db.session.scalars(select(MovementModel).where(MovementModel.id.in_(ids[start:start + batch]))):
            refresh_due_date(model)
        db.session.flush()
    return len(ids)
