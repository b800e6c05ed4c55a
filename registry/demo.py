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
# People's names, so that pages, score tables and histories read as they will in use.
OFFICER_NAMES = ("Lê Văn Hùng", "Phạm Thị Lan", "Nguyễn Đức Thắng", "Lò Văn Tiến", "Trịnh Thị Hà",
                 "Võ Minh Tuấn", "Đặng Thị Thu")
ADMIN_NAMES = ("Hoàng Quốc Việt", "Trần Thị Mai", "Bùi Văn Long", "Cầm Thị Hương", "Lê Đình Nam",
               "Nguyễn Thị Hạnh", "Phan Văn Đức")


def demo_accounts() -> list[tuple[str, str, str | None, str]]:
    """(e-mail, role, province slug, name) for every demo user."""
    accounts: list[tuple[str, str, str | None, str]] = []
    for slug, officer, admin in zip(DEMO_PROVINCES, OFFICER_NAMES, ADMIN_NAMES):
        accounts.append((f"canbo.{slug}@demo.vn", OFFICER, slug, officer))
        accounts.append((f"quantri.{slug}@demo.vn", PROVINCE_ADMIN, slug, admin))
    accounts.append(("xem.quang-tri@demo.vn", VIEWER, "quang-tri", "Đỗ Thị Ngọc"))
    accounts.append(("thamdinh1@bocongan.demo.vn", MINISTRY_REVIEWER, None, "Nguyễn Văn Bình"))
    accounts.append(("thamdinh2@bocongan.demo.vn", MINISTRY_REVIEWER, None, "Trần Thị Thanh"))
    accounts.append(("quantri@bocongan.demo.vn", MINISTRY_ADMIN, None, "Vũ Minh Quang"))
    return accounts


def seed_demo() -> Iterator[str]:
    if db.session.scalar(select(Province.id).limit(1)) is None:
        load_divisions()
    provinces = {p.slug: p for p in db.session.scalars(select(Province))}
    yield f"Demo users (password: {DEMO_PASSWORD}):"
    yield ("  (second factor: offered on the account page; required for ministry roles and province admins in"
           " pilot and production, or here with REQUIRE_SECOND_FACTOR=1)")
    for email, role, slug, name in demo_accounts():
        user = find_user(email)
        if user is None:
            create_user(email, DEMO_PASSWORD, role, provinces[slug] if slug else None, name=name)
        elif not user.name:  # seeded before demo users had names
            user.name = name
        yield f"  {email:34} {role}{' / ' + slug if slug else ''}"
    db.session.commit()
    for seeder in DEMO_SEEDERS:
        yield from seeder(provinces)
        db.session.commit()

