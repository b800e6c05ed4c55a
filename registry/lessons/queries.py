"""What the lessons view reads: ended models with their last submitted review, in two queries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from registry.extensions import db
from registry.figures import rules
from registry.movement.models import MovementModel
from registry.reviews.models import Review
from registry.tenants.models import Province
from registry.text import like_pattern

LIMIT = 500


@dataclass(frozen=True)
class Lesson:
    model: MovementModel
    province: Province
    last_review: Review | None

    @property
    def notes(self) -> str | None:
        """The end reason's notes, unless the province withholds them."""
        return None if self.model.lesson_notes_withheld else self.model.end_reason_text


def lessons(query: str = "", category: str = "", setting: str = "", reason: str = "",
            province_id: int | None = None) -> list[Lesson]:
    """Ended models, most recently ended first; ``query`` ignores diacritics and case."""
    statement = (select(MovementModel, Province).join(Province, Province.id == MovementModel.province_id)
                 .where(rules.ended()))
    if query.strip():
        statement = statement.where(MovementModel.name_folded.like(like_pattern(query), escape="\\"))
    if category:
        statement = statement.where(MovementModel.category == category)
    if setting:
        statement = statement.where(MovementModel.target_setting == setting)
    if reason:
        statement = statement.where(MovementModel.end_reason == reason)
    if province_id:
        statement = statement.where(MovementModel.province_id == province_id)
    rows = db.session.execute(statement.order_by(MovementModel.ended_on.desc(), MovementModel.id.desc())
                              .limit(LIMIT)).all()
    latest = last_reviews([model.id for model, _province in rows])
    return [Lesson(model, province, latest.get(model.id)) for model, province in rows]


def last_reviews(model_ids: list[int]) -> dict[int, Review]:
    """Each model's last submitted review (by period end), in one query."""
    if not model_ids:
        return {}
    found: dict[int, Review] = {}
    for review in db.session.scalars(
        select(Review).where(Review.model_id.in_(model_ids), rules.submitted())
        .order_by(Review.model_id, Review.period_end.desc(), Review.id.desc())
    ):
        found.setdefault(review.model_id, review)
    return found
