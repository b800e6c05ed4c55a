"""State changes of reviews: save a draft, submit, correct, and end a model on a review.

Each function changes the session and records its audit event; the view commits once.
A submitted review is locked: only ``correct`` changes it, with a reason, and the audit
event keeps the old values.
"""
from __future__ import annotations

import logging

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry import clock
from registry.audit.service import diff, record
from registry.core.formatting import format_day
from registry.extensions import db
from registry.movement.service import change_status
from registry.movement.models import MovementModel
from registry.reviews import evidence
from registry.reviews.forms import ReviewData
from registry.reviews.models import BASELINE, CRIMES, REVIEW_DRAFT, REVIEW_SUBMITTED, Indicator, Review, ReviewValue
from registry.clock import today
from registry.figures.schedule import refresh_due_date

log = logging.getLogger(__name__)


class ReviewLocked(Exception):
    """A submitted review changes only through a correction."""


def indicators_for(category: str) -> list[Indicator]:
    """The catalogue's indicators that a model of ``category`` records, in catalogue order."""
    catalogue = db.session.scalars(select(Indicator).order_by(Indicator.position, Indicator.id))
    return [indicator for indicator in catalogue if indicator.applies_to(category)]


def new_review(model: MovementModel, author_id: int | None) -> Review:
    review = Review(province_id=model.province_id, model=model, model_id=model.id, author_id=author_id,
                    due_on=model.next_review_due_on, status=REVIEW_DRAFT)
    db.session.add(review)
    return review


def snapshot(review: Review) -> dict:
    """The review's fields as an audit event stores them (indicator values by code)."""
    fields = {
        "period_start": review.period_start, "period_end": review.period_end, "rating": review.rating,
        "recommendation": review.recommendation, "findings": review.findings,
    }
    fields.update({f"value:{v.indicator.code}": v.value for v in review.values})
    return fields


def _apply(review: Review, data: ReviewData, indicators: list[Indicator]) -> None:
    review.period_start, review.period_end = data.period_start, data.period_end
    review.rating, review.recommendation, review.findings = data.rating, data.recommendation, data.findings
    existing = {v.indicator_id: v for v in review.values}
    for indicator in indicators:
        value, row = data.values.get(indicator.code), existing.get(indicator.id)
        if value is None and row is not None:
            review.values.remove(row)
        elif value is not None and row is None:
            review.values.append(ReviewValue(province_id=review.province_id, indicator=indicator, value=value))
        elif value is not None:
            row.value = value


def _store_evidence(review: Review, uploads: list, user_id: int | None) -> None:
    if uploads:
        db.session.flush()  # the review needs its id
    for upload in uploads:
        evidence.store(upload, review, user_id)


def save_draft(review: Review, data: ReviewData, indicators: list[Indicator], uploads=(), user_id=None) -> Review:
    if review.is_submitted:
        raise ReviewLocked(review.id)
    _apply(review, data, indicators)
    _store_evidence(review, list(uploads), user_id)
    return review


def submission_errors(model: MovementModel, data: ReviewData, review_id: int | None) -> dict[str, list[str]]:
    """The checks a submitted review must pass, as {field name: [messages]}."""
    errors: dict[str, list] = {}
    if data.period_end and data.period_end > today():
        errors.setdefault("period_end", []).append(_l("A review covers a period that has ended."))
    overlap = _overlapping(model, data, review_id)
    if overlap is not None:
        errors.setdefault("period_start", []).append(_l(
            "The period overlaps the submitted review of %(start)s–%(end)s.",
            start=format_day(overlap.period_start), end=format_day(overlap.period_end),
        ))
    if data.values.get(CRIMES) is not None and data.values.get(BASELINE) is None:
        errors[f"value_{BASELINE}"] = [_l("Enter the 2019 baseline: the change is computed against it.")]
    if not data.rating:
        errors["rating"] = [_l("Choose a rating before submitting.")]
    if not data.recommendation:
        errors["recommendation"] = [_l("Choose a recommendation before submitting.")]
    if not data.findings:
        errors["findings"] = [_l("Write the findings before submitting.")]
    return errors


def _overlapping(model: MovementModel, data: ReviewData, review_id: int | None) -> Review | None:
    statement = select(Review).where(
        Review.model_id == model.id, Review.status == REVIEW_SUBMITTED,
        Review.period_start <= data.period_end, Review.period_end >= data.period_start,
    )
    if review_id is not None:
        statement = statement.where(Review.id != review_id)
    return db.session.scalars(statement.order_by(Review.period_start)).first()


def submit(review: Review, data: ReviewData, indicators: list[Indicator], uploads=(), user_id=None) -> Review:
    """Save and lock the review; the model's next due date moves on. The caller ran
    ``submission_errors`` first."""
    save_draft(review, data, indicators, uploads, user_id)
    model = review.model
    review.status, review.submitted_at = REVIEW_SUBMITTED, clock.now_utc()
    # The due date this review answers, before the schedule moves on (for the on-time rate).
    review.due_on = model.next_review_due_on or review.due_on
    review.author_id = review.author_id or user_id
    db.session.flush()
    refresh_due_date(model)
    record("review.submitted", review, diff({}, snapshot(review)), actor_id=user_id)
    log.info("review %s of model %s submitted", review.id, model.id)
    return review


def correct(review: Review, data: ReviewData, indicators, reason: str, uploads=(), user_id=None) -> Review:
    """Change a submitted review; the audit event keeps the old values and the reason."""
    before = snapshot(review)
    _apply(review, data, indicators)
    _store_evidence(review, list(uploads), user_id)
    db.session.flush()
    after = {field: None for field in before} | snapshot(review)  # a value cleared shows as old → none
    record("review.corrected", review, diff(before, after), note=reason[:500], actor_id=user_id)
    refresh_due_date(review.model)
    log.info("review %s corrected", review.id)
    return review


def end_model(review: Review, end_reason: str, note: str = "") -> MovementModel:
    """End the review's model through the models' status service, the review as the reason."""
    model = review.model
    reference = _("Decided on the review of %(start)s–%(end)s (no. %(id)s).", id=review.id,
                  start=format_day(review.period_start), end=format_day(review.period_end))
    change_status(model, "end", None, reason=end_reason, reason_text=f"{reference} {note}".strip(),
                  today=today(), note=f"review:{review.id} {note}"[:500])
    log.info("model %s ended on review %s", model.id, review.id)
    return model
