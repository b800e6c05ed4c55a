"""Factories for the reviews suites: models on a review schedule, reviews with indicator
values, and the URL arguments of the reviews routes."""
from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import count

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import Attachment, MovementModel
from registry.reviews.models import (
    REVIEW_DRAFT,
    REVIEW_SUBMITTED,
    Indicator,
    Review,
    ReviewValue,
)
from registry.figures.schedule import latest_review, refresh_due_date
from registry.tenants.models import Province
from tests.factories import make_model
from tests.route_arguments import route_argument

_numbers = count(1)


def scheduled_model(province: Province, **fields) -> MovementModel:
    """A model of ``province`` reviewed every six months, its next due date computed unless given."""
    name = fields.pop("name", f"Mô hình Camera an ninh số {next(_numbers)}")
    model = make_model(province, name, **{"launched_on": date(2025, 1, 15), "review_interval_months": 6} | fields)
    if "next_review_due_on" not in fields:
        refresh_due_date(model)
    return model


def indicator(code: str) -> Indicator:
    return db.session.scalar(select(Indicator).where(Indicator.code == code))


def make_review(model: MovementModel, start: date, end: date, *, values: dict | None = None,
                rating: str | None = "good", recommendation: str | None = "continue",
                status: str = REVIEW_SUBMITTED, submitted_at: datetime | None = None,
                due_on: date | None = None, author_id: int | None = None, refresh: bool = True) -> Review:
    """A review of ``model``; submitted ones move the model's due date unless ``refresh`` is off
    (its latest rating is kept either way)."""
    review = Review(
        province_id=model.province_id, model_id=model.id, model=model, period_start=start, period_end=end,
        rating=rating, recommendation=recommendation, findings="Mô hình duy trì tốt.", status=status,
        due_on=due_on if due_on is not None else model.next_review_due_on, author_id=author_id,
        submitted_at=(submitted_at or datetime.combine(end, datetime.min.time(), timezone.utc))
        if status == REVIEW_SUBMITTED else None,
    )
    for code, value in (values or {}).items():
        review.values.append(ReviewValue(province_id=model.province_id, indicator=indicator(code), value=value))
    db.session.add(review)
    db.session.flush()
    if status == REVIEW_SUBMITTED and refresh:
        refresh_due_date(model)
    elif status == REVIEW_SUBMITTED:
        model.last_rating = latest_review(model.id)[1]
    return review


@route_argument("review_id")
def _review_id(province: Province) -> int:
    return make_review(scheduled_model(province), date(2025, 1, 1), date(2025, 6, 30)).id


@route_argument("evidence_id")
def _evidence_id(province: Province) -> int:
    review = make_review(scheduled_model(province), date(2025, 1, 1), date(2025, 6, 30), status=REVIEW_DRAFT)
    attachment = Attachment(
        province_id=province.id, model_id=review.model_id, review_id=review.id, kind="evidence",
        filename="bien-ban.pdf", content_type="application/pdf", size=10, storage_key=f"test-{review.id}",
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment.id
