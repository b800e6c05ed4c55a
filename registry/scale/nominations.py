"""Nominations in every state, the recognitions the approved ones grant, and adoptions of
recognised models by other provinces."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from registry.figures.rules import is_running
from registry.nominations.models import NOMINATION_STATUSES
from registry.scale.plan import Context, PlannedModel, stream


# The moves that lead to each state, in order (draft first).
PATHS = {
    "draft": ("draft",),
    "submitted": ("draft", "submitted"),
    "under_review": ("draft", "submitted", "under_review"),
    "approved": ("draft", "submitted", "under_review", "approved"),
    "rejected": ("draft", "submitted", "under_review", "rejected"),
    "returned": ("draft", "submitted", "under_review", "returned"),
    "withdrawn": ("draft", "submitted", "withdrawn"),
}
STATE_WEIGHTS = {"draft": 20, "submitted": 20, "under_review": 15, "approved": 15,
                 "rejected": 10, "returned": 10, "withdrawn": 10}
DECISIONS = {"approved", "rejected", "returned"}
COMMENTS = {
    "approved": "Đồng ý công nhận, đề nghị nhân rộng trên toàn quốc.",
    "rejected": "Chưa đủ căn cứ đánh giá hiệu quả so với năm 2019.",
    "returned": "Đề nghị bổ sung số liệu sơ kết kỳ gần nhất.",
    "withdrawn": "Tỉnh rút hồ sơ để hoàn thiện thêm.",
}
assert set(PATHS) == set(NOMINATION_STATUSES)


@dataclass
class PlannedNomination:
    id: int
    model: PlannedModel
    round_year: int
    status: str
    created_at: datetime
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    decision_reference: str | None = None
    decision_date: date | None = None
    events: list[tuple[str | None, str, int | None, str, datetime]] = field(default_factory=list)


def plan_nominations(ctx: Context, models: list[PlannedModel]) -> list[PlannedNomination]:
    """About one model in a hundred is nominated, at least one per state; one nomination each."""
    rng = stream(ctx.seed, "nominations")
    recent = ctx.as_of - timedelta(days=365)
    candidates = [m for m in models if is_running(m) and m.last_submitted_end and m.last_submitted_end >= recent]
    count = min(len(candidates), max(len(PATHS), len(models) // 100))
    chosen = rng.sample(candidates, count)
    states = list(PATHS)[:count] + rng.choices(
        list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()), k=max(0, count - len(PATHS)))
    nominations = []
    for number, (model, status) in enumerate(zip(chosen, states), start=1):
        nominations.append(_nominate(ctx, rng, number, model, status))
    return nominations


def _moment(day: date, rng) -> datetime:
    return datetime.combine(day, time(rng.randint(1, 10), rng.randint(0, 59)), tzinfo=timezone.utc)


def _nominate(ctx: Context, rng, number: int, model: PlannedModel, status: str) -> PlannedNomination:
    decided = status in DECISIONS
    # Decided nominations belong to earlier rounds when the model had been running long enough.
    year = ctx.as_of.year - (rng.randint(0, 2) if decided and status != "returned" else 0)
    year = max(year, model.launched_on.year + 1) if model.launched_on.year < ctx.as_of.year else ctx.as_of.year
    start = max(date(year, 1, 1), model.launched_on)
    latest = min(ctx.as_of, date(year, 12, 31))
    days = sorted(start + timedelta(days=rng.randint(0, max(0, (latest - start).days))) for _ in range(4))
    nomination = PlannedNomination(number, model, year, status, _moment(days[0], rng))
    editor = rng.choice(ctx.editors[model.province_id]) if ctx.editors.get(model.province_id) else None
    reviewer = rng.choice(ctx.reviewers) if ctx.reviewers else None
    previous = None
    for step, state in enumerate(PATHS[status]):
        moment = _moment(days[min(step, 3)], rng) + timedelta(minutes=step)
        actor = reviewer if state in DECISIONS or state == "under_review" else editor
        nomination.events.append((previous, state, actor, COMMENTS.get(state, ""), moment))
        previous = state
        if state == "submitted":
            nomination.submitted_at = moment
        if state in DECISIONS:
            nomination.decided_at = moment
    if status == "approved":
        nomination.decision_reference = f"{rng.randint(100, 9999)}/QĐ-BCA-V05"
        nomination.decision_date = nomination.decided_at.date()
        model.recognised_year = nomination.decision_date.year
        model.recognition_reference = nomination.decision_reference
    return nomination


def plan_adoptions(ctx: Context, models: list[PlannedModel]) -> int:
    """Models of other provinces launched after a recognition, of the same family, adopt it."""
    rng = stream(ctx.seed, "adoptions")
    recognised = [m for m in models if m.recognised_year]
    by_family: dict[int, list[PlannedModel]] = {}
    for model in models:
        if model.launched_on and not model.recognised_year:
            by_family.setdefault(model.family, []).append(model)
    adopted = 0
    for source in recognised:
        pool = [m for m in by_family.get(source.family, ())
                if m.province_id != source.province_id and m.launched_on.year > source.recognised_year
                and m.source_model_id is None]
        for model in rng.sample(pool, min(len(pool), rng.randint(0, 4))):
            model.source_model_id = source.id
            adopted += 1
    return adopted


