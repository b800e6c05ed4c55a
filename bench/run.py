"""The national-scale benchmark, one command:

    .venv/bin/python -m bench.run --database-url postgresql+psycopg://postgres@127.0.0.1:5432/registry_scale

(or ``make bench``). Needs a database filled by ``flask generate-scale`` and Debian's
``wrk`` (``apt-get install wrk``). Starts gunicorn (2 workers on a free loopback port),
signs in through POST /login, and measures in the same run: a bare Flask "hello", then every
page of bench/pages.py whose route exists, kept and rendered, with the floors measured between
every two pages (the 25-row floor and the signed-in floor, bench/signed_in_floor.py: floor, page,
floor, page…) and each page judged against the floors next to it; each province page also once
in the largest and once in the smallest province, one request at a time (the size check). Then
the reminder scan, the exports and the import in their own processes. Writes
bench/results/<date>-<host>.md and .json. About thirty seconds per page.
"""
from __future__ import annotations

import argparse
import json
from contextlib import contextmanager
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, delete, text

from bench import report, wrk
from bench.environment import describe
from bench.pages import EXPORTS, PAGES, REFERENCE_PREFIX, SIGNED_IN_FLOOR, Page
from bench.server import Server
from registry.clock import today
from registry.config import normalise_database_url
from registry.scale.people import BENCH_MINISTRY_ADMIN, BENCH_OFFICER, BENCH_REVIEWER, SCALE_PASSWORD

ROOT = Path(__file__).resolve().parent
ACCOUNTS = {"officer": BENCH_OFFICER, "reviewer": BENCH_REVIEWER, "ministry": BENCH_MINISTRY_ADMIN}


def targets(url: str) -> dict:
    """The officer's large and small province, each one's most replicated model."""
    with create_engine(url).connect() as connection:
        rows = connection.execute(text(
            "SELECT p.id, p.slug, (SELECT count(*) FROM movement_model m WHERE m.province_id = p.id) AS models"
            " FROM membership ms JOIN user_account u ON u.id = ms.user_id JOIN province p ON p.id = ms.province_id"
            " WHERE u.email = :email ORDER BY models DESC"), {"email": BENCH_OFFICER}).all()
        if not rows:
            sys.exit("No benchmark officer: fill the database with `flask --app wsgi generate-scale` first.")
        found = {}
        for size, (province_id, slug, _) in (("large", rows[0]), ("small", rows[-1])):
            model_id = connection.execute(text(
                "SELECT model_id FROM replication_site WHERE province_id = :p GROUP BY model_id"
                " ORDER BY count(*) DESC, model_id LIMIT 1"), {"p": province_id}).scalar()
            found[size] = {"province_id": province_id, "province": slug, "model_id": model_id or 0}
        found["officer_id"] = connection.execute(
            text("SELECT id FROM user_account WHERE email = :e"), {"e": BENCH_OFFICER}).scalar()
        return found


def route_exists(app, path: str) -> bool:
    from werkzeug.exceptions import MethodNotAllowed, NotFound

    try:
        app.url_map.bind("localhost").match(path.split("?")[0], method="GET")
        return True
    except (NotFound, MethodNotAllowed):
        return False


def measure_page(server: Server, app, page: Page, where: dict, cookies: dict, tokens: dict, args) -> dict:
    path = page.url.format(**where["large"])
    result = {"name": page.name, "path": path, "budget": page.budget}
    if not route_exists(app, path):
        return dict(result, skipped="route not in the app yet")
    cookie, sent = page.credentials(cookies, tokens)
    status, headers, _ = server.get(path, cookie, sent)
    if status != 200:
        return dict(result, skipped=f"answered {status} to the benchmark {page.who}")
    result["queries"] = {"large": int(headers.get("x-query-count", -1))}
    if page.per_province:
        small_path = page.url.format(**where["small"])
        small = server.get(small_path, cookie, sent)[1]
        result["queries"]["small"] = int(small.get("x-query-count", -1))
        result["size"] = size_check(server, path, small_path, cookie, sent, args.size_requests)
    for measure, unique in (("load", False), ("rendered", True)):
        result[measure] = wrk.run(server.base + path, cookie, args.connections, args.duration,
                                  headers=sent, unique=unique)[0].as_dict()
    size = result.get("size", {}).get("factor")
    print(f"  {page.name}: kept {result['load']['requests_per_second']:.0f} req/s, p99 "
          f"{result['load']['p99_ms']:.1f} ms; rendered each time {result['rendered']['requests_per_second']:.0f} "
          f"req/s, p99 {result['rendered']['p99_ms']:.1f} ms; queries {result['queries']}"
          + (f"; large/small {size:.2f}×" if size else ""), flush=True)
    return result


def size_check(server: Server, large: str, small: str, cookie, headers: dict, requests: int) -> dict:
    """The page rendered in the largest and in the smallest province, one request at a time (no
    load, new URLs so nothing kept answers): median milliseconds of each, and their ratio."""
    import statistics
    import time

    medians = {}
    for size, path in (("large", large), ("small", small)):
        times = []
        for number in range(requests + 1):  # the first warms the worker and is not counted
            separator = "&" if "?" in path else "?"
            started = time.perf_counter()
            server.get(f"{path}{separator}bench=size-{size}-{number}-{time.monotonic_ns()}", cookie, headers)
            times.append((time.perf_counter() - started) * 1000)
        medians[size] = statistics.median(times[1:])
    return {"large_ms": round(medians["large"], 1), "small_ms": round(medians["small"], 1),
            "factor": round(medians["large"] / medians["small"], 2) if medians["small"] else None}


def measure_floors(server: Server, where: dict, cookies: dict, args) -> dict:
    """The 25-row floor and the signed-in floor, measured between every two pages."""
    return {
        "floor": wrk.run(server.base + REFERENCE_PREFIX + "/floor", None, args.connections,
                         args.floor_duration)[0].as_dict(),
        "signed-in floor": wrk.run(server.base + SIGNED_IN_FLOOR.format(**where["large"]), cookies["officer"],
                                   args.connections, args.floor_duration)[0].as_dict(),
    }


def _between(before: dict, after: dict) -> dict:
    """A page's floors: the mean of those measured just before and just after it."""
    return {name: {key: round((before[name][key] + after[name][key]) / 2, 2) for key in ("requests_per_second",
                                                                                        "p50_ms", "p99_ms")}
            for name in before}


@contextmanager
def api_tokens(app, accounts: dict):
    """A read token per benchmark account for the API's lists, revoked and deleted afterwards."""
    from registry.accounts.service import find_user
    from registry.api import tokens as api_tokens_
    from registry.api.models import ApiToken
    from registry.extensions import db

    made = {}
    with app.app_context():
        for who, email in accounts.items():
            token, made[who] = api_tokens_.issue(find_user(email), "benchmark", "read", days=1)
            db.session.commit()
    try:
        yield made
    finally:
        with app.app_context():
            db.session.execute(delete(ApiToken).where(ApiToken.name == "benchmark"))
            db.session.commit()


def offline(task: str, *arguments) -> dict:
    command = [sys.executable, "-m", "bench.offline", task, *map(str, arguments)]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT.parent)
    if completed.returncode:
        return {"failed": completed.stderr.strip().splitlines()[-1:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--floor-duration", type=int, default=5,
                        help="seconds of load for each floor, measured between every two pages")
    parser.add_argument("--size-requests", type=int, default=8,
                        help="requests one at a time in the large and the small province for the size check")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", help="only pages whose name contains this")
    parser.add_argument("--skip-offline", action="store_true", help="no reminder scan, exports or import")
    parser.add_argument("--note", action="append", default=[], help="a line for the result file's notes")
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument("--name", help="the result files' name (default <date>-<host>)")
    args = parser.parse_args(argv)
    if not wrk.available():
        sys.exit(wrk.INSTALL_HINT)
    if not args.database_url or not args.database_url.startswith("postgres"):
        sys.exit("Give --database-url postgresql+psycopg://… (the database generate-scale filled).")
    url = normalise_database_url(args.database_url)
    os.environ["DATABASE_URL"] = url
    where = targets(url)
    from registry import create_app

    app = create_app()
    env = {"DATABASE_URL": url, "BENCH_QUERY_COUNT": "1", "SECRET_KEY": "bench-" + "x" * 40,
           "BENCH_FLOOR_PROVINCE_ID": str(where["large"]["province_id"]),
           "API_RATE_LIMIT": "100000000 per minute"}  # wrk is one client sending thousands a second
    pages = [p for p in PAGES if not args.only or args.only.lower() in p.name.lower()]
    (ROOT / "tmp").mkdir(exist_ok=True)
    loads = [_load_average()]
    with Server(env, args.workers, args.worker_class, args.threads, ROOT / "tmp" / "gunicorn.log") as server, \
            api_tokens(app, ACCOUNTS) as tokens:
        cookies = {who: server.login(email, SCALE_PASSWORD) for who, email in ACCOUNTS.items()}
        status, headers, _ = server.get(SIGNED_IN_FLOOR.format(**where["large"]), cookies["officer"])
        if status != 200:
            sys.exit(f"The signed-in floor answered {status}: is bench/wsgi.py serving?")
        references = [_reference(server, Page("hello", REFERENCE_PREFIX + "/hello"), args, 0)]
        # Floor, page, floor, page…: each page is judged against the floors measured right next to
        # it, so a machine that gets busier (it is shared) moves the page and its floors together.
        floors = [measure_floors(server, where, cookies, args)]
        results = []
        for page in pages:
            result = measure_page(server, app, page, where, cookies, tokens, args)
            loads.append(_load_average())
            if "skipped" not in result:
                floors.append(measure_floors(server, where, cookies, args))
                result["floors"] = _between(floors[-2], floors[-1])
            results.append(result)
        every = {name: [f[name] for f in floors] for name in floors[0]}
        references += [
            {"name": "floor", "path": REFERENCE_PREFIX + "/floor", "budget": "reference", "queries": {"large": 1},
             "load": _median_load(every["floor"]), "runs": len(floors)},
            {"name": "signed-in floor", "path": SIGNED_IN_FLOOR.format(**where["large"]), "budget": "reference",
             "queries": {"large": int(headers.get("x-query-count", -1))},
             "load": _median_load(every["signed-in floor"]), "runs": len(floors)},
        ]
    for result in results:
        result["verdicts"] = {measure: report.verdict(result, measure) for measure in report.MEASURES}
    run = {"date": today().isoformat(), "machine": describe(url), "pages": references + results, "offline": {},
           "floors": floors,
           "setup": {"gunicorn": f"{args.workers} {args.worker_class} workers × {args.threads} threads",
                     "wrk": f"{args.connections} connections, {args.duration}s per page, {args.floor_duration}s per "
                            "floor, 2 threads",
                     "size check": f"{args.size_requests} requests one at a time in each province, median",
                     "large province": where["large"]["province"], "small province": where["small"]["province"],
                     "load average (1 min) at the start and after each page": " → ".join(loads)},
           "notes": args.note}
    if not args.skip_offline:
        run["offline"] = _offline_measures(where)
    print(f"Results: {report.write(run, args.out, args.name)}")
    return 0


def _load_average() -> str:
    """The machine is shared: how busy it was, next to the numbers measured on it."""
    return f"{os.getloadavg()[0]:.1f}"


def _reference(server: Server, page: Page, args, queries: int) -> dict:
    load = wrk.run(server.base + page.url, None, args.connections, args.duration)[0].as_dict()
    print(f"  {page.name}: {load['requests_per_second']:.0f} req/s, p99 {load['p99_ms']:.1f} ms", flush=True)
    return {"name": page.name, "path": page.url, "budget": "reference", "queries": {"large": queries}, "load": load}


def _median_load(loads: list[dict]) -> dict:
    import statistics

    return {key: round(statistics.median(load[key] for load in loads), 2)
            for key in ("requests_per_second", "p50_ms", "p99_ms")} | {"errors": sum(l["errors"] for l in loads)}


def _offline_measures(where: dict) -> dict:
    large, officer = where["large"]["province"], where["officer_id"]
    measures = {"reminder scan": offline("reminders")}
    for name, file_format in EXPORTS:
        measures[name] = offline("export", file_format, large, officer)
    measures["XLSX import of 100,000 rows, 50,000 of them updates"] = offline("import", large, officer, ROOT / "tmp")
    return measures


if __name__ == "__main__":
    sys.exit(main())
