"""Generated users: province officers, admins and viewers, ministry reviewers, and the
fixed accounts the benchmark signs in with."""
from __future__ import annotations

from dataclasses import dataclass

from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER, OFFICER, PROVINCE_ADMIN, VIEWER
from registry.scale.plan import Context, stream
from registry.scale.vocabulary import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES

# Every generated address ends with this, so ``--reset`` removes exactly these accounts.
DOMAIN = "scale.vn"
SCALE_PASSWORD = "bench-matkhau-2026"
BENCH_OFFICER = f"bench.officer@{DOMAIN}"
BENCH_REVIEWER = f"bench.reviewer@{DOMAIN}"
BENCH_MINISTRY_ADMIN = f"bench.ministry@{DOMAIN}"
PROVINCE_ROLE_WEIGHTS = {OFFICER: 60, PROVINCE_ADMIN: 12, VIEWER: 28}


@dataclass
class PlannedUser:
    id: int
    email: str
    name: str
    ministry_role: str | None = None
    memberships: tuple[tuple[int, str], ...] = ()  # (province id, role)


def plan_users(ctx: Context, count: int, first_id: int, largest: int, smallest: int) -> list[PlannedUser]:
    """``count`` users; the first three are the benchmark's, the officer a member of the
    largest and the smallest province (the query count is compared between the two)."""
    if count < 4:
        raise ValueError("--users must be at least 4 (the benchmark accounts plus one)")
    rng = stream(ctx.seed, "users")
    users = [
        PlannedUser(first_id, BENCH_OFFICER, "Cán bộ đo tải", None,
                    ((largest, OFFICER),) + (((smallest, OFFICER),) if smallest != largest else ())),
        PlannedUser(first_id + 1, BENCH_REVIEWER, "Thẩm định viên đo tải", MINISTRY_REVIEWER),
        PlannedUser(first_id + 2, BENCH_MINISTRY_ADMIN, "Quản trị Bộ đo tải", MINISTRY_ADMIN),
    ]
    weights = ctx.province_weights()
    for number in range(3, count):
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
        user = PlannedUser(first_id + number, f"canbo.{number:06d}@{DOMAIN}", name)
        if rng.random() < 0.02:
            user.ministry_role = rng.choice((MINISTRY_REVIEWER, MINISTRY_REVIEWER, MINISTRY_ADMIN))
        else:
            role = rng.choices(list(PROVINCE_ROLE_WEIGHTS), weights=list(PROVINCE_ROLE_WEIGHTS.values()))[0]
            user.memberships = ((rng.choices(ctx.province_ids, weights=weights)[0], role),)
        users.append(user)
    for user in users:
        for province_id, role in user.memberships:
            if role != VIEWER:
                ctx.editors.setdefault(province_id, []).append(user.id)
        if user.ministry_role == MINISTRY_REVIEWER:
            ctx.reviewers.append(user.id)
    return users
