"""What the reviews tell: a model's history and trends, and the models that need a decision.

Each function runs a fixed number of queries whatever the number of reviews.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.reviews.charts import LineChart, line_chart
from registry.reviews.models import (
    BASELINE, CRIMES, END, MET, NATIONAL_TARGET_CHANGE, WEAK, Indicator, Review,
)
from registry.clock import today
from registry.figures import rules


def period_label(review: Review) -> str:
    return review.period_end.strftime("%m/%Y")


def model_reviews(model: MovementModel) -> list[Review]:
    """Every review of the model, drafts included, newest period first."""
    return list(db.session.scalars(
        select(Review).where(Review.model_id == model.id).order_by(Review.period_end.desc(), Review.id.desc())
    ))


@dataclass
class Trend:
    indicator: Indicator
    chart: LineChart
    latest: float


@dataclass
class CrimeRow:
    review: Review
    crimes: float
    baseline: float
    change: float

    @property
    def missed(self) -> bool:
        return self.change > NATIONAL_TARGET_CHANGE


@dataclass
class Panel:
    model: MovementModel
    reviews: list[Review]
    trends: list[Trend] = field(default_factory=list)
    crime_rows: list[CrimeRow] = field(default_factory=list)
    crime_chart: LineChart | None = None
    today: date | None = None

    @property
    def submitted(self) -> list[Review]:
        return [r for r in self.reviews if r.is_submitted]

    @property
    def last_rating(self) -> str | None:
        return self.submitted[0].rating if self.submitted else None

    @property
    def overdue_days(self) -> int | None:
        return rules.days_overdue(self.model, self.today)


def panel(model: MovementModel, indicators: list[Indicator]) -> Panel:
    """The model page's review panel: history, trends per indicator, change against 2019."""
    result = Panel(model, model_reviews(model), today=today())
    oldest_first = list(reversed(result.submitted))
    for indicator in indicators:
        series = [(period_label(r), r.value_of(indicator.code)) for r in oldest_first]
        series = [(label, value) for label, value in series if value is not None]
        if series:
            missed = (lambda value, indicator=indicator: indicator.verdict(value) not in (None, MET))
            result.trends.append(Trend(indicator, line_chart(series, indicator.target, missed), series[-1][1]))
    for review in oldest_first:
        crimes, baseline, change = review.value_of(CRIMES), review.value_of(BASELINE), review.crime_change
        if change is not None:
            result.crime_rows.append(CrimeRow(review, crimes, baseline, change))
    if result.crime_rows:
        result.crime_chart = line_chart(
            [(period_label(row.review), row.change) for row in result.crime_rows],
            NATIONAL_TARGET_CHANGE, missed=lambda change: change > NATIONAL_TARGET_CHANGE,
        )
    return result


def review_history(review: Review) -> list[AuditEvent]:
    """The review's audit events, oldest first: submission, then each correction."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == Review.__tablename__, AuditEvent.entity_id == review.id)
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ))


def ranked_reviews():
    """Submitted reviews numbered per model, 1 for the latest period."""
    recency = func.row_number().over(
        partition_by=Review.model_id, order_by=(Review.period_end.desc(), Review.id.desc())
    ).label("recency")
    return select(Review.id, Review.model_id, Review.rating, Review.recommendation, recency).where(
        rules.submitted()).subquery()


@dataclass
class Decision:
    model: MovementModel
    review: Review  # the latest review, recorded as the reason when the model is ended
    two_weak: bool
    end_recommended: bool


def needs_decision() -> list[Decision]:
    """Models not ended whose last two reviews were weak, or whose last review says "end"."""
    ranked = ranked_reviews()
    rows = db.session.execute(select(ranked).where(ranked.c.recency <= 2)).all()
    by_model: dict[int, list] = {}
    for row in sorted(rows, key=lambda r: r.recency):
        by_model.setdefault(row.model_id, []).append(row)
    flagged = {}
    for model_id, latest in by_model.items():
        two_weak = len(latest) == 2 and all(r.rating == WEAK for r in latest)
        end = latest[0].recommendation == END
        if two_weak or end:
            flagged[latest[0].id] = (two_weak, end)
    if not flagged:
        return []
    reviews = db.session.scalars(
        select(Review).join(Review.model).where(Review.id.in_(flagged), ~rules.ended())
    ).all()
    models = {m.id: m for m in db.session.scalars(
        select(MovementModel).where(MovementModel.id.in_([r.model_id for r in reviews]))
    )}
    decisions = [Decision(models[r.model_id], r, *flagged[r.id]) for r in reviews]
    return sorted(decisions, key=lambda d: d.model.name)
