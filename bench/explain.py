"""EXPLAIN ANALYZE of the queries the pages need, on the generated data:

    .venv/bin/python -m bench.explain --database-url postgresql+psycopg://…/registry_scale

Prints each plan and its execution time, and writes bench/results/<date>-explain.md.
Findings are summarised by hand in bench/INDEXES.md.
"""
from __future__ import annotations

import argparse
import os
import re
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from registry.config import normalise_database_url

# (what it serves, SQL); :p a large province, :m its most replicated model, :w a ward, :today.
QUERIES = (
    ("Province list, status + category filter, first page",
     "SELECT id, name, status, next_review_due_on FROM movement_model WHERE province_id = :p AND status = 'active'"
     " AND category = 'cameras' ORDER BY name_folded LIMIT 25"),
    ("Province list, its count", "SELECT count(*) FROM movement_model WHERE province_id = :p AND status = 'active'"
     " AND category = 'cameras'"),
    ("Province list, diacritic-blind search",
     "SELECT id, name FROM movement_model WHERE province_id = :p AND name_folded LIKE '%camera%'"
     " ORDER BY name_folded LIMIT 25"),
    ("National search by name (trigram)",
     "SELECT count(*) FROM movement_model WHERE name_folded LIKE '%to lien gia%'"),
    ("National search by a rarer name (trigram)",
     "SELECT id, name FROM movement_model WHERE name_folded LIKE '%zalo an ninh%' ORDER BY name_folded LIMIT 25"),
    ("Catalogue: recognised models matching a search",
     "SELECT id, name, recognised_year FROM movement_model WHERE recognised_year IS NOT NULL"
     " AND name_folded LIKE '%tu quan%' ORDER BY recognised_year DESC, name_folded LIMIT 25"),
    ("Model page: its sites, first page",
     "SELECT s.id, s.sub_unit, w.name FROM replication_site s JOIN ward w ON w.id = s.ward_id"
     " WHERE s.model_id = :m ORDER BY w.name_folded, s.id LIMIT 25"),
    ("Model page: live sites and wards reached (registry.figures.queries.site_figures)",
     "SELECT s.model_id, count(s.id), count(DISTINCT s.ward_id) FROM replication_site s"
     " JOIN movement_model m ON m.id = s.model_id WHERE s.province_id = :p AND s.model_id = :m"
     " AND s.status = 'active' AND m.status = 'active' GROUP BY s.model_id"),
    ("Model page: its reviews", "SELECT id, period_end, rating FROM review WHERE model_id = :m"
     " ORDER BY period_end DESC LIMIT 10"),
    ("Schedule: last submitted period end (refresh_due_date)",
     "SELECT max(period_end) FROM review WHERE model_id = :m AND status = 'submitted'"),
    ("Province dashboard: coverage (kept ward counters)",
     "SELECT count(*) FROM ward_figures WHERE province_id = :p AND live_sites > 0"),
    ("National dashboard: coverage per province (kept ward counters)",
     "SELECT province_id, count(*) FROM ward_figures WHERE live_sites > 0 GROUP BY province_id"),
    ("National dashboard: models per province, category and status (kept model counters)",
     "SELECT province_id, category, status, last_rating, models FROM model_figures"),
    ("National dashboard: reviews on time, last 12 months (kept day counters)",
     "SELECT province_id, sum(on_time), sum(submitted) FROM review_figures"
     " WHERE submitted_on > CAST(:today AS date) - 365 GROUP BY province_id"),
    ("National dashboard: overdue per province (live, due-date index)",
     "SELECT province_id, count(*) FROM movement_model WHERE status = 'active' AND next_review_due_on < :today"
     " GROUP BY province_id"),
    ("A write's commit: one ward's live sites counted again",
     "SELECT s.ward_id, count(*) FROM replication_site s JOIN movement_model m ON m.id = s.model_id"
     " WHERE s.province_id = :p AND s.ward_id = :w AND s.status = 'active' AND m.status = 'active'"
     " GROUP BY s.ward_id"),
    ("A model's status change: its sites' wards",
     "SELECT DISTINCT province_id, ward_id FROM replication_site WHERE model_id = :m"),
    ("Reviews board: overdue models of a province",
     "SELECT id, name, next_review_due_on FROM movement_model WHERE province_id = :p AND status = 'active'"
     " AND next_review_due_on < :today ORDER BY next_review_due_on LIMIT 25"),
    ("Reviews board: recent submitted reviews",
     "SELECT id, model_id, period_end FROM review WHERE province_id = :p AND status = 'submitted'"
     " ORDER BY period_end DESC LIMIT 25"),
    ("Reminder scan: due within 14 days or overdue, nationally",
     "SELECT id, province_id, next_review_due_on FROM movement_model WHERE status = 'active'"
     " AND next_review_due_on <= :today + 14"),
    ("Ward: models running there", "SELECT DISTINCT model_id FROM replication_site WHERE ward_id = :w"
     " AND status = 'active'"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    url = normalise_database_url(parser.parse_args().database_url)
    out = parser.parse_args().out
    lines = [f"# EXPLAIN ANALYZE on the generated data, {date.today():%Y-%m-%d}", ""]
    with create_engine(url).connect() as connection:
        p = connection.execute(text("SELECT province_id FROM movement_model GROUP BY province_id"
                                    " ORDER BY count(*) DESC LIMIT 1")).scalar()
        m = connection.execute(text("SELECT model_id FROM replication_site WHERE province_id = :p GROUP BY model_id"
                                    " ORDER BY count(*) DESC LIMIT 1"), {"p": p}).scalar()
        w = connection.execute(text("SELECT ward_id FROM replication_site WHERE province_id = :p LIMIT 1"),
                               {"p": p}).scalar()
        params = {"p": p, "m": m, "w": w, "today": date.today()}
        for title, sql in QUERIES:
            plan = connection.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql), params).scalars().all()
            took = next((re.search(r"([\d.]+) ms", line).group(1) for line in plan if "Execution Time" in line), "?")
            print(f"{took:>10} ms  {title}")
            lines += [f"## {title} — {took} ms", "", "```sql", sql, "```", "", "```", *plan, "```", ""]
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{date.today():%Y-%m-%d}-explain.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
