"""Fill a PostgreSQL database with the national data set, through COPY.

Order: reference data (provinces, wards, indicators) → users → models → sites → reviews
and their values → nominations, their events and dossiers; then the id sequences and
the planner's statistics. One transaction: a failed run leaves nothing behind.
"""
from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import inspect, text
from werkzeug.security import generate_password_hash

from registry.extensions import db
from registry.clock import now_utc
from registry.scale import nominations as noms
from registry.scale import people, plan, rows
from registry.scale.vocabulary import CORE_INDICATORS
from registry.tenants.loader import load_divisions

log = logging.getLogger(__name__)
GENERATED_TABLES = ("review_value", "review", "dossier", "nomination_event", "nomination", "attachment",
                    "replication_site", "movement_model")


class ScaleError(RuntimeError):
    """The database cannot receive the data set as asked."""


@dataclass(frozen=True)
class Sizes:
    models: int
    sites: int
    reviews: int
    users: int


def generate(sizes: Sizes, seed: int, as_of: date, reset: bool, say: Callable[[str], None] = log.info) -> dict:
    """Generate the data set; returns the row counts and the seconds each stage took."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        raise ScaleError("generate-scale needs PostgreSQL (it loads with COPY). Set DATABASE_URL="
                         "postgresql+psycopg://user@host/dbname; SQLite is not supported for national-size data.")
    if not inspect(engine).has_table("movement_model"):
        raise ScaleError("The schema is missing: run `flask --app wsgi db upgrade` first.")
    if db.session.scalar(text("SELECT count(*) FROM province")) == 0:
        load_divisions()
    db.session.remove()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with engine.connect() as connection:
        connection.execute(text("SET LOCAL synchronous_commit = off"))
        copier = _Copier(connection.connection.driver_connection, timings, say)
        if reset:
            _reset(connection)
        _skip_foreign_key_triggers(connection)
        if not reset and connection.execute(text("SELECT count(*) FROM movement_model")).scalar():
            raise ScaleError("The database already holds models: run again with --reset to replace them.")
        ctx, ward_names, largest, smallest = _context(connection, seed, as_of)
        indicators = _ensure_indicators(connection)
        first_user = (connection.execute(text("SELECT coalesce(max(id), 0) FROM user_account")).scalar() or 0) + 1
        counts = _load(connection, copier, ctx, sizes, indicators, ward_names, first_user, (largest, smallest))
        for table in ("user_account", "membership", *GENERATED_TABLES):
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"))
        connection.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # VACUUM too: the visibility map lets index-only scans skip the heap on fresh rows.
        for table in ("user_account", "membership", *GENERATED_TABLES):
            copier.stage(f"vacuum {table}", lambda table=table: connection.execute(text(f"VACUUM ANALYZE {table}")))
    timings["total"] = time.perf_counter() - started
    return {"counts": counts, "seconds": timings}


def _skip_foreign_key_triggers(connection) -> None:
    """Load without a foreign-key check per row, as pg_restore does (needs a superuser).

    The rows are consistent by construction, and tests/scale checks it; without the
    privilege the load is only slower.
    """
    savepoint = connection.begin_nested()
    try:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        savepoint.commit()
    except Exception:  # noqa: BLE001 - insufficient privilege: keep the checks
        savepoint.rollback()
        log.info("foreign-key checks stay on during the load (not a superuser)")


def _reset(connection) -> None:
    connection.execute(text(f"TRUNCATE {', '.join(GENERATED_TABLES)} RESTART IDENTITY CASCADE"))
    connection.execute(text("DELETE FROM notification WHERE user_id IN (SELECT id FROM user_account WHERE email LIKE :d)"),
                       {"d": f"%{people.DOMAIN}"})
    connection.execute(text("DELETE FROM user_account WHERE email LIKE :d"), {"d": f"%{people.DOMAIN}"})


def _context(connection, seed: int, as_of: date):
    wards: dict[int, list[tuple[int, str]]] = {}
    ward_names = {}
    for ward_id, province_id, name in connection.execute(text("SELECT id, province_id, name FROM ward ORDER BY id")):
        wards.setdefault(province_id, []).append((ward_id, name))
        ward_names[ward_id] = name
    province_ids = sorted(wards)
    largest = max(province_ids, key=lambda p: (len(wards[p]), -p))
    smallest = min(province_ids, key=lambda p: (len(wards[p]), p))
    ctx = plan.Context(as_of, seed, province_ids, wards, heavy_province_id=largest)
    return ctx, ward_names, largest, smallest


def _ensure_indicators(connection) -> dict[str, int]:
    """The core indicators by code, inserted when the reviews migration has not (idempotent)."""
    for indicator in CORE_INDICATORS:
        values = {"unit_vi": "", "unit_en": "", "higher_is_better": True, "categories": "", "target": None, **indicator}
        connection.execute(text(
            "INSERT INTO indicator (code, name_vi, name_en, unit_vi, unit_en, higher_is_better, categories, target,"
            " position) VALUES (:code, :name_vi, :name_en, :unit_vi, :unit_en, :higher_is_better, :categories,"
            " :target, :position) ON CONFLICT (code) DO NOTHING"), values)
    codes = [i["code"] for i in CORE_INDICATORS]
    found = connection.execute(text("SELECT code, id FROM indicator WHERE code = ANY(:codes)"), {"codes": codes})
    return dict(found.all())


def _load(connection, copier, ctx, sizes: Sizes, indicators, ward_names, first_user, bench_provinces) -> dict:
    users = copier.stage("plan users", lambda: people.plan_users(ctx, sizes.users, first_user, *bench_provinces))
    password = generate_password_hash(people.SCALE_PASSWORD)
    now = now_utc()
    copier.copy("user_account", ("id", "email", "name", "password_hash", "locale", "ministry_role", "active",
                                 "created_at"),
                ((u.id, u.email, u.name, password, "vi", u.ministry_role, True, now) for u in users))
    copier.copy("membership", ("user_id", "province_id", "role", "created_at"),
                ((u.id, p, role, now) for u in users for p, role in u.memberships))
    models = copier.stage("plan models", lambda: plan.plan_models(ctx, sizes.models))
    copier.stage("plan reviews", lambda: plan.plan_reviews(ctx, models, sizes.reviews))
    nominations = copier.stage("plan nominations", lambda: noms.plan_nominations(ctx, models))
    adopted = noms.plan_adoptions(ctx, models)
    copier.copy("movement_model", rows.COLUMNS["movement_model"], rows.model_rows(ctx, models, ward_names))
    active_sites = [0] * len(models)
    copier.copy("replication_site", rows.COLUMNS["replication_site"],
                rows.site_rows(ctx, models, sizes.sites, active_sites))
    copier.copy_pairs(("review", "review_value"), rows.review_rows(ctx, models, indicators))
    copier.copy("nomination", rows.COLUMNS["nomination"], rows.nomination_rows(nominations))
    copier.copy("nomination_event", rows.COLUMNS["nomination_event"], rows.event_rows(nominations))
    by_id = {m.id: count for m, count in zip(models, active_sites)}
    copier.copy("dossier", rows.COLUMNS["dossier"], rows.dossier_rows(nominations, by_id))
    copier.counts["adopted_models"] = adopted
    copier.counts["overdue_models"] = sum(1 for m in models if m.next_review_due_on and m.next_review_due_on < ctx.as_of)
    return copier.counts


class _Copier:
    """COPY helper that times each stage and counts the rows it wrote."""

    def __init__(self, raw_connection, timings: dict, say: Callable[[str], None]):
        self.raw, self.timings, self.say, self.counts = raw_connection, timings, say, {}

    def stage(self, name: str, work: Callable):
        started = time.perf_counter()
        result = work()
        self.timings[name] = round(time.perf_counter() - started, 2)
        self.say(f"{name}: {self.timings[name]:.1f}s")
        return result

    def copy(self, table: str, columns: Iterable[str], data: Iterable[tuple]) -> None:
        def work():
            written = 0
            with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
                    written += 1
            self.counts[table] = written
        self.stage(f"copy {table}", work)

    def copy_pairs(self, tables: tuple[str, str], data: Iterable[tuple[tuple, list]]) -> None:
        """Parents into the first table, their children into the second, in one pass.

        One COPY at a time per connection: children wait, as compact COPY text, until the
        parents' COPY ends (about 15 bytes a review value; never None, so no escaping).
        """
        parent, child = tables
        spool = io.StringIO()

        def parents():
            for parent_row, child_rows in data:
                for row in child_rows:
                    spool.write("\t".join(map(str, row)) + "\n")
                yield parent_row

        self.copy(parent, rows.COLUMNS[parent], parents())

        def work():
            spool.seek(0)
            with self.raw.cursor() as cursor, cursor.copy(f"COPY {child} ({', '.join(rows.COLUMNS[child])}) FROM STDIN") as copy:
                while block := spool.read(1 << 20):
                    copy.write(block)
            self.counts[child] = spool.getvalue().count("\n")
        self.stage(f"copy {child}", work)
