"""Rows for COPY, in the column order of ``COLUMNS``. Sites and review values are
generated lazily: a million rows never sit in memory at once."""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from psycopg.types.json import Json

from registry.movement.models import ENDED
from registry.reviews.models import REVIEW_DRAFT, REVIEW_SUBMITTED
from registry.scale.nominations import PlannedNomination
from registry.scale.plan import Context, PlannedModel, periods, stream
from registry.scale.vocabulary import FAMILIES, FINDINGS, STATEMENTS, SUB_UNITS
from registry.text import fold

COLUMNS = {
    "movement_model": (
        "id", "province_id", "name", "name_folded", "summary", "category", "target_setting", "origin_ward_id",
        "host_organisation", "launched_on", "objectives", "how_it_works", "resources", "review_interval_months",
        "activated_on", "resumed_on", "next_review_due_on", "status", "end_reason", "end_reason_text", "merged_into_id", "ended_on", "tags",
        "source_model_id", "recognised_year", "recognition_reference", "created_by_id", "created_at",
        "updated_at", "version"),
    "replication_site": (
        "model_id", "province_id", "ward_id", "sub_unit", "setting", "started_on", "teams", "members",
        "households", "cameras", "status", "notes", "created_at", "updated_at", "version"),
    "review": (
        "id", "province_id", "model_id", "period_start", "period_end", "due_on", "rating", "findings",
        "recommendation", "status", "author_id", "submitted_at", "created_at", "updated_at", "version"),
    "review_value": ("review_id", "province_id", "indicator_id", "value"),
    "nomination": (
        "id", "province_id", "model_id", "round_year", "statement", "status", "created_by_id", "created_at",
        "submitted_at", "decided_at", "decision_reference", "decision_date", "version"),
    "nomination_event": ("nomination_id", "province_id", "actor_id", "from_status", "to_status", "comment",
                         "created_at"),
    "dossier": ("nomination_id", "province_id", "snapshot", "created_at"),
}
RATINGS = ("excellent", "good", "average", "weak")


def moment(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.utc)


def model_rows(ctx: Context, models: list[PlannedModel], ward_names: dict[int, str]) -> Iterator[tuple]:
    for m in models:
        stem, category, setting, host = FAMILIES[m.family]
        host = host.format(ward=ward_names[m.origin_ward_id])
        since = m.launched_on or ctx.as_of
        created = moment(since, 9)
        yield (
            m.id, m.province_id, m.name, fold(m.name), f"Mô hình “{stem}” do {host} xây dựng và duy trì.",
            category, setting, m.origin_ward_id, host, m.launched_on,
            "Phát huy sức mạnh của quần chúng nhân dân tham gia bảo vệ an ninh trật tự tại cơ sở.",
            "Họp định kỳ hằng tháng, phân công thành viên theo dõi địa bàn, thông tin kịp thời cho Công an xã.",
            "Kinh phí xã hội hóa và hỗ trợ của UBND cấp xã.", m.review_interval_months, m.activated_on,
            m.resumed_on, m.next_review_due_on,
            m.status, m.end_reason, "Không còn phù hợp với tình hình địa phương." if m.end_reason == "other" else None,
            m.merged_into_id, m.ended_on, m.tags, m.source_model_id, m.recognised_year, m.recognition_reference,
            m.created_by_id, created, moment(m.ended_on, 10) if m.ended_on else created, 1,
        )


def site_rows(ctx: Context, models: list[PlannedModel], total: int, active_sites: list[int]) -> Iterator[tuple]:
    """``total`` sites over the launched models (a few models run in many wards); counts the
    active ones per model into ``active_sites`` (indexed by model position) as it goes."""
    rng = stream(ctx.seed, "sites")
    weights, cumulative = [], 0.0
    for m in models:
        weight = 0.0 if m.launched_on is None else rng.lognormvariate(0, 1.1) * (0.4 if m.status == ENDED else 1)
        cumulative += weight
        weights.append(cumulative)
    if cumulative == 0 and total:
        raise ValueError("no launched model to replicate: ask for more models")
    remaining = total
    while remaining:
        batch = min(remaining, 50_000)
        remaining -= batch
        for position in sorted(rng.choices(range(len(models)), cum_weights=weights, k=batch)):
            yield _site(ctx, rng, models[position], position, active_sites)


def _site(ctx: Context, rng: random.Random, m: PlannedModel, position: int, active_sites: list[int]) -> tuple:
    _, category, setting, _ = FAMILIES[m.family]
    ward_id = m.origin_ward_id if rng.random() < 0.05 else rng.choice(ctx.wards[m.province_id])[0]
    if rng.random() < 0.25:
        setting = "residential"
    last_day = m.ended_on or ctx.as_of
    started = m.launched_on + timedelta(days=int((last_day - m.launched_on).days * rng.random()))
    status = "ended" if m.status == ENDED else rng.choices(("active", "paused", "ended"), weights=(88, 6, 6))[0]
    if status == "active":
        active_sites[position] += 1
    members = rng.randint(5, 60)
    return (
        m.id, m.province_id, ward_id, rng.choice(SUB_UNITS[setting]).format(n=rng.randint(1, 30)), setting,
        started, rng.randint(1, 10), members, rng.randint(20, 400) if setting == "residential" else None,
        rng.randint(2, 40) if category == "cameras" else None, status, "", moment(started), moment(started), 1,
    )


def review_rows(ctx: Context, models: list[PlannedModel], indicators: dict[str, int]) -> Iterator[tuple[tuple, list]]:
    """(review row, [value rows]) for every planned review, in model order."""
    rng = stream(ctx.seed, "review-values")
    review_id = 0
    for m in models:
        if not m.reviewed:
            continue
        baseline = rng.randint(2, 40)
        effect = rng.uniform(-0.1, 0.6)
        authors = ctx.editors.get(m.province_id) or [None]
        all_periods = list(periods(m))
        first = m.reviewable - m.reviewed
        for index in range(first, m.reviewable):
            start, end = all_periods[index]
            review_id += 1
            draft = m.draft_last and index == m.reviewable - 1
            progress = min(1.0, (index + 1) / 8)
            crimes = max(0, round(baseline * (1 - effect * progress) * m.review_interval_months / 12
                                  + rng.gauss(0, 1)))
            yield _review(rng, m, review_id, start, end, draft, effect, authors, ctx.as_of), _values(
                rng, review_id, m.province_id, indicators, baseline, crimes)


def _review(rng, m: PlannedModel, review_id: int, start: date, end: date, draft: bool, effect: float,
            authors: list, as_of: date) -> tuple:
    rating = RATINGS[0 if effect > 0.4 else 1 if effect > 0.2 else 2 if effect > 0 else 3]
    recommendation = {"excellent": "expand", "good": "continue", "average": "adjust", "weak": "end"}[rating]
    submitted = None if draft else moment(min(as_of, end + timedelta(days=rng.choice((3, 7, 10, 15, 20, 35, 60)))), 15)
    created = moment(min(as_of, end + timedelta(days=1)))
    return (
        review_id, m.province_id, m.id, start, end, end, None if draft else rating, rng.choice(FINDINGS),
        None if draft else recommendation, REVIEW_DRAFT if draft else REVIEW_SUBMITTED, rng.choice(authors),
        submitted, created, submitted or created, 1,
    )


def _values(rng, review_id: int, province_id: int, indicators: dict[str, int], baseline: int, crimes: int) -> list:
    tips = rng.randint(0, 40)
    figures = {
        "crimes_social_order": crimes, "crimes_social_order_2019": baseline, "resident_tips": tips,
        "cases_solved_with_residents": rng.randint(0, tips // 2), "incidents_mediated": rng.randint(0, 15),
        "weapons_handed_over": rng.choice((0, 0, 0, 1, 2, 5)), "prolonged_complaints": rng.choice((0,) * 19 + (1,)),
        "serious_crimes": rng.choice((0,) * 9 + (1,)), "participants": rng.randint(20, 500),
    }
    return [(review_id, province_id, indicators[code], value) for code, value in figures.items() if code in indicators]


def nomination_rows(nominations: list[PlannedNomination]) -> Iterator[tuple]:
    for n in nominations:
        yield (n.id, n.model.province_id, n.model.id, n.round_year, STATEMENTS[n.id % len(STATEMENTS)], n.status,
               n.events[0][2], n.created_at, n.submitted_at, n.decided_at, n.decision_reference, n.decision_date,
               len(n.events))


def event_rows(nominations: list[PlannedNomination]) -> Iterator[tuple]:
    for n in nominations:
        for from_status, to_status, actor, comment, at in n.events:
            yield n.id, n.model.province_id, actor, from_status, to_status, comment, at


def dossier_rows(nominations: list[PlannedNomination], active_sites: dict[int, int]) -> Iterator[tuple]:
    """One frozen dossier per submission (nominations never submitted have none)."""
    for n in nominations:
        if n.submitted_at is None:
            continue
        m = n.model
        snapshot = {"model": {"id": m.id, "name": m.name, "category": FAMILIES[m.family][1],
                              "launched_on": m.launched_on.isoformat()},
                    "active_sites": active_sites.get(m.id, 0), "reviews": m.reviewed,
                    "last_review_end": m.last_submitted_end.isoformat() if m.last_submitted_end else None}
        yield n.id, m.province_id, Json(snapshot), n.submitted_at
