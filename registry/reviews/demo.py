"""Demo reviews for the demo models, as a province that keeps up would have sent them since
each model became active in the registry: each period closes a few days before its due date
(``registry.figures.schedule``), most are submitted by then, a few some days late; about one
model in three has let its latest review slip by one to six weeks. One model is weak twice in
a row, one misses the 2019 target. Runs after the models' and sites' seeders; a province
without models gets nothing. Idempotent: a model that has reviews already is left alone.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from registry.accounts.service import find_user
from registry.audit.service import diff, record
from registry.extensions import db
from registry.movement.models import ACTIVE, MovementModel
from registry.clock import VIETNAM, today
from registry.figures.schedule import add_months, refresh_due_date
from registry.reviews.models import BASELINE, CRIMES, REVIEW_DRAFT, REVIEW_SUBMITTED, Review, ReviewValue
from registry.reviews.service import indicators_for, snapshot

FINDINGS = {
    "excellent": "Mô hình hoạt động nền nếp, quần chúng tích cực cung cấp tin báo; đề nghị nhân rộng ra các xã lân cận.",
    "good": "Mô hình duy trì sinh hoạt định kỳ, phối hợp tốt với Công an xã; tình hình an ninh trật tự ổn định.",
    "average": "Mô hình duy trì nhưng một số tổ sinh hoạt chưa đều, kinh phí hoạt động còn hạn chế.",
    "weak": "Mô hình hoạt động hình thức, ít người tham gia, không phát huy hiệu quả trong phòng ngừa tội phạm.",
}
MAX_REVIEWS = 4


def _schedule(model: MovementModel, rng: random.Random, overdue: bool) -> list[tuple]:
    """(start, end, due, submitted on) of the periods reviewed so far, oldest first.

    Built back from the next due date (a few days to five months ahead, or one to six weeks ago for an
    overdue model): each period ended one interval before the next review fell due, and a few
    days before its own due date; none fell due before the first due date after activation.
    """
    day, months = today(), model.review_interval_months
    first_due = add_months(model.activated_on, months)
    upcoming = day - timedelta(days=rng.randint(7, 42)) if overdue else day + timedelta(days=rng.randint(3, 150))
    periods, end = [], add_months(upcoming, -months)
    while len(periods) < MAX_REVIEWS:
        due = end + timedelta(days=rng.randint(3, 10))
        if due < first_due or due > day:
            break
        late = rng.random() < 0.15
        submitted = min(day, due + timedelta(days=rng.randint(1, 9))) if late else end + timedelta(
            days=rng.randint(0, (due - end).days))
        periods.append([None, end, due, submitted])
        end = add_months(due, -months)
    periods.reverse()
    for index, period in enumerate(periods):
        start = periods[index - 1][1] + timedelta(days=1) if index else add_months(period[1], -months) + timedelta(days=1)
        period[0] = max(start, model.launched_on) if model.launched_on else start
    return [tuple(period) for period in periods]


def _values(model: MovementModel, rng: random.Random, step: int, missed: bool) -> dict[str, float]:
    values = {indicator.code: float(rng.randint(0, 40)) for indicator in indicators_for(model.category)}
    values.update(prolonged_mass_complaints=0.0, serious_crimes=float(rng.randint(0, 1)),
                  participants=float(rng.randint(80, 600)))
    baseline = float(rng.randint(24, 70))
    factor = 1.0 + rng.uniform(-0.02, 0.05) if missed else 0.95 - 0.04 * step - rng.uniform(0, 0.05)
    values[BASELINE], values[CRIMES] = baseline, float(round(baseline * factor))
    return values


def _add_review(model, period, rating, values, author_id, status=REVIEW_SUBMITTED) -> Review:
    start, end, due, submitted_on = period
    review = Review(
        province_id=model.province_id, model=model, model_id=model.id, period_start=start, period_end=end,
        due_on=due or model.next_review_due_on, rating=rating, findings=FINDINGS[rating], status=status,
        recommendation={"excellent": "expand", "weak": "adjust"}.get(rating, "continue"), author_id=author_id,
    )
    if status == REVIEW_SUBMITTED:
        review.submitted_at = datetime.combine(submitted_on, time(9), VIETNAM).astimezone(timezone.utc)
    by_code = {indicator.code: indicator for indicator in indicators_for(model.category)}
    review.values = [ReviewValue(province_id=model.province_id, indicator=by_code[code], value=value)
                     for code, value in values.items() if code in by_code]
    db.session.add(review)
    db.session.flush()
    if status == REVIEW_SUBMITTED:
        event = record("review.submitted", review, diff({}, snapshot(review)), actor_id=author_id)
        event.created_at = review.submitted_at
    return review


def _seed_model(model: MovementModel, index: int, author_id: int | None) -> int:
    rng = random.Random(model.id)
    weak_twice, overdue, missed = index == 1, index % 3 == 2, index == 3
    periods = _schedule(model, rng, overdue)
    for step, period in enumerate(periods):
        late_pair = weak_twice and step >= len(periods) - 2
        rating = "weak" if late_pair else rng.choice(["excellent", "good", "good", "average"])
        _add_review(model, period, rating, _values(model, rng, step, missed), author_id)
    if index == 0 and periods:
        end = periods[-1][1]
        draft_period = (end + timedelta(days=1), add_months(end, model.review_interval_months), None, None)
        _add_review(model, draft_period, "good", {"participants": 150.0}, author_id, status=REVIEW_DRAFT)
    refresh_due_date(model)
    return len(periods)


def seed(provinces) -> Iterator[str]:
    for slug, province in provinces.items():
        models = db.session.scalars(
            select(MovementModel).where(MovementModel.province_id == province.id, MovementModel.status == ACTIVE,
                                        MovementModel.launched_on.is_not(None)).order_by(MovementModel.id)
        ).all()
        reviewed = set(db.session.scalars(select(Review.model_id).where(Review.province_id == province.id)))
        author = find_user(f"canbo.{slug}@demo.vn")
        added = sum(_seed_model(model, index, author.id if author else None)
                    for index, model in enumerate(models) if model.id not in reviewed)
        if added:
            yield f"  {slug}: {added} reviews"
