"""Demo data for a newcomer's first run: provinces from public reports and a user per role.

Idempotent: running it again changes nothing that is already there.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER, OFFICER, PROVINCE_ADMIN, VIEWER
from registry.accounts.service import create_user, find_user
from registry.extensions import db
from registry.movement import demo as movement_demo
from registry.replication import demo as replication_demo
from registry.reviews import demo as reviews_demo
from registry.nominations import demo as nominations_demo
from registry.notifications import demo as notifications_demo
from registry.tenants.loader import load_divisions
from registry.tenants.models import Province

DEMO_PASSWORD = "demo-matkhau-2026"
# Each area may add a ``seed(provinces: dict[str, Province]) -> Iterator[str]`` here, in
# dependency order; each must be idempotent.
# In dependency order; notifications last: reminders about what the others seeded.
DEMO_SEEDERS: list = [
    movement_demo.seed,
    replication_demo.seed,
    reviews_demo.seed,
    nominations_demo.seed,
    notifications_demo.seed,
]
DEMO_PROVINCES = ("quang-tri", "lam-dong", "phu-tho", "son-la", "thanh-hoa", "khanh-hoa", "da-nang")


def demo_accounts() -> list[tuple[str, str, str | None]]:
    """(e-mail, role, province slug) for every demo user."""
    accounts: list[tuple[str, str, str | None]] = []
    for slug in DEMO_PROVINCES:
        accounts.append((f"canbo.{slug}@demo.vn", OFFICER, slug))
        accounts.append((f"quantri.{slug}@demo.vn", PROVINCE_ADMIN, slug))
    accounts.append(("xem.quang-tri@demo.vn", VIEWER, "quang-tri"))
    accounts.append(("thamdinh1@bocongan.demo.vn", MINISTRY_REVIEWER, None))
    accounts.append(("thamdinh2@bocongan.demo.vn", MINISTRY_REVIEWER, None))
    accounts.append(("quantri@bocongan.demo.vn", MINISTRY_ADMIN, None))
    return accounts


def seed_demo() -> Iterator[str]:
    if db.session.scalar(select(Province.id).limit(1)) is None:
        load_divisions()
    provinces = {p.slug: p for p in db.session.scalars(select(Province))}
    yield f"Demo users (password: {DEMO_PASSWORD}):"
    for email, role, slug in demo_accounts():
        if find_user(email) is None:
            create_user(email, DEMO_PASSWORD, role, provinces[slug] if slug else None)
        yield f"  {email:34} {role}{' / ' + slug if slug else ''}"
    db.session.commit()
    for seeder in DEMO_SEEDERS:
        yield from seeder(provinces)
        db.session.commit()

