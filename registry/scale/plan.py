"""The national data set, planned in memory before it is copied: models and their reviews.

Everything is drawn from ``random.Random`` streams seeded from ``--seed`` and the stage's
name, so the same seed and sizes give the same rows, and one stage's draws never shift
another's. Sites and review values are too many to hold: they are streamed (see rows.py).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from registry.movement.models import ACTIVE, DRAFT, ENDED, END_REASONS, SUSPENDED
from registry.figures.schedule import add_months, due_date
from registry.scale.vocabulary import FAMILIES, TAGS

FIRST_LAUNCH = date(2014, 1, 1)
# Families are not equally common: cameras, self-management and inter-family groups lead.
FAMILY_WEIGHTS = [6, 3, 6, 3, 6, 2, 4, 2, 1, 2, 3, 2, 2, 1, 1, 2, 1, 2, 2, 1, 1, 1, 3, 1, 1, 1, 1]
STATUS_WEIGHTS = {DRAFT: 4, ACTIVE: 82, SUSPENDED: 5, ENDED: 9}


class PlanError(ValueError):
    """Sizes that cannot describe a consistent data set."""


def stream(seed: int, stage: str) -> random.Random:
    return random.Random(f"{seed}:{stage}")


@dataclass
class Context:
    """What the database already holds: provinces, their wards, users per province."""

    as_of: date
    seed: int
    province_ids: list[int]
    wards: dict[int, list[tuple[int, str]]]  # province id → [(ward id, ward name)]
    editors: dict[int, list[int]] = field(default_factory=dict)  # province id → user ids
    reviewers: list[int] = field(default_factory=list)  # ministry user ids
    # The benchmark's large province: a tenth of all models, like the largest cities.
    heavy_province_id: int | None = None

    def province_weights(self) -> list[float]:
        weights = [float(len(self.wards[p])) for p in self.province_ids]
        if self.heavy_province_id in self.province_ids:
            index = self.province_ids.index(self.heavy_province_id)
            weights[index] = (sum(weights) - weights[index]) / 9
        return weights


@dataclass
class PlannedModel:
    id: int
    province_id: int
    family: int
    name: str
    origin_ward_id: int
    launched_on: date | None
    review_interval_months: int
    status: str
    # Registered when launched (the registry's models were entered as they started), never resumed.
    activated_on: date | None = None
    resumed_on: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    merged_into_id: int | None = None
    created_by_id: int | None = None
    tags: str = ""
    # Reviews: the periods reviewed are the last ``reviewed`` of the first ``reviewable`` ones.
    reviewable: int = 0
    reviewed: int = 0
    draft_last: bool = False
    last_submitted_end: date | None = None
    next_review_due_on: date | None = None
    recognised_year: int | None = None
    recognition_reference: str | None = None
    source_model_id: int | None = None


def plan_models(ctx: Context, count: int) -> list[PlannedModel]:
    rng = stream(ctx.seed, "models")
    provinces = rng.choices(ctx.province_ids, weights=ctx.province_weights(), k=count)
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
    last_in_province: dict[int, int] = {}
    span = (ctx.as_of - timedelta(days=60) - FIRST_LAUNCH).days
    models = []
    for index, (province_id, status) in enumerate(zip(provinces, statuses), start=1):
        family = rng.choices(range(len(FAMILIES)), weights=FAMILY_WEIGHTS)[0]
        ward_id, ward_name = rng.choice(ctx.wards[province_id])
        stem = FAMILIES[family][0]
        name = f"{stem} {ward_name}" if rng.random() < 0.7 else f"{stem} {_sub_place(rng)}, {ward_name}"
        launched = None if status == DRAFT else FIRST_LAUNCH + timedelta(days=int(span * rng.random() ** 0.7))
        model = PlannedModel(
            id=index, province_id=province_id, family=family, name=name, origin_ward_id=ward_id,
            launched_on=launched, status=status, activated_on=launched,
            review_interval_months=rng.choices((3, 6, 12), weights=(1, 6, 2))[0],
            tags=", ".join(rng.sample(TAGS, rng.randint(0, 3))),
            created_by_id=rng.choice(ctx.editors[province_id]) if ctx.editors.get(province_id) else None,
        )
        if status == ENDED:
            _end(model, rng, ctx.as_of, last_in_province.get(province_id))
        last_in_province[province_id] = index
        models.append(model)
    return models


def _sub_place(rng: random.Random) -> str:
    return rng.choice(("khu dân cư số", "tổ dân phố", "thôn", "khu phố")) + f" {rng.randint(1, 15)}"


def _end(model: PlannedModel, rng: random.Random, as_of: date, earlier_id: int | None) -> None:
    days = max(1, (as_of - model.launched_on).days)
    model.ended_on = model.launched_on + timedelta(days=rng.randint(min(days, 365), days))
    model.end_reason = rng.choice(list(END_REASONS))
    if model.end_reason == "merged":
        if earlier_id is None:
            model.end_reason = "other"
        model.merged_into_id = earlier_id


def periods(model: PlannedModel, upto: int | None = None):
    """(start, end) of the model's review periods, each ending one interval after the last."""
    start, end = model.launched_on, None
    for _ in range(model.reviewable if upto is None else upto):
        end = add_months(end or model.launched_on, model.review_interval_months)
        yield start, end
        start = end + timedelta(days=1)


def plan_reviews(ctx: Context, models: list[PlannedModel], total: int) -> None:
    """Spread ``total`` reviews over the launched models: mostly up to date, some overdue.

    The earliest periods of long-running models go unrecorded (the registry did not exist
    then); about one model in six has skipped its latest periods and is overdue.
    """
    rng = stream(ctx.seed, "reviews")
    for model in models:
        model.reviewable = _complete_periods(model, ctx.as_of)
    lags = [min(m.reviewable, rng.choice((1, 1, 2, 3, 4))) if m.status != ENDED and rng.random() < 0.16 else 0
            for m in models]
    available = [m.reviewable - lag for m, lag in zip(models, lags)]
    if sum(m.reviewable for m in models) < total:
        raise PlanError(f"{total} reviews do not fit {len(models)} models: ask for fewer reviews or more models")
    if sum(available) < total:
        available = [m.reviewable for m in models]
    share = total / sum(available)
    counts = [int(a * share) for a in available]
    order = list(range(len(models)))
    rng.shuffle(order)
    missing = total - sum(counts)
    for index in order:
        if missing == 0:
            break
        if counts[index] < available[index]:
            counts[index] += 1
            missing -= 1
    for model, available_periods, count in zip(models, available, counts):
        model.reviewable, model.reviewed = available_periods, count
        model.draft_last = count > 0 and rng.random() < 0.05
        _schedule(model, ctx.as_of)


def _complete_periods(model: PlannedModel, as_of: date) -> int:
    if model.launched_on is None:
        return 0
    last_day = min(as_of, model.ended_on or as_of)
    count, end = 0, model.launched_on
    while (end := add_months(end, model.review_interval_months)) < last_day:
        count += 1
    return count


def _schedule(model: PlannedModel, as_of: date) -> None:
    submitted = model.reviewed - (1 if model.draft_last else 0)
    if submitted > 0:
        model.last_submitted_end = list(periods(model))[model.reviewable - model.reviewed + submitted - 1][1]
    model.next_review_due_on = due_date(model, model.last_submitted_end)
