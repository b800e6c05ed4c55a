"""Each page of bench/pages.py in-process, one request at a time: milliseconds per request,
SQL statements, and with ``--profile`` where the time goes (pyinstrument, if installed)::

    .venv/bin/python -m bench.profile --database-url postgresql+psycopg://…/registry_scale [--only dashboard] [--profile]

No server and no load: for finding the cost of one page before and after a change. The
budgets are judged by ``bench.run`` only.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from sqlalchemy import event

from bench.pages import PAGES, SIGNED_IN_FLOOR, Page
from bench.run import api_tokens, targets
from bench.signed_in_floor import add_signed_in_floor
from registry.accounts.sessions import sign_in_client
from registry.config import normalise_database_url
from registry.scale.people import BENCH_MINISTRY_ADMIN, BENCH_OFFICER, BENCH_REVIEWER

ACCOUNTS = {"officer": BENCH_OFFICER, "reviewer": BENCH_REVIEWER, "ministry": BENCH_MINISTRY_ADMIN}


def _client(app, email: str):
    from sqlalchemy import select

    from registry.accounts.models import User
    from registry.extensions import db

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
    client = app.test_client()
    sign_in_client(client, user_id)
    return client


def measure(app, client, path: str, headers: dict, repeat: int) -> tuple[int, float, list[str]]:
    """(status, median ms, the statements of the last request)."""
    from registry.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    times, status = [], 0
    for _ in range(repeat + 1):  # the first warms the caches and is not counted
        statements.clear()
        event.listen(engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        status = client.get(path, headers=headers).status_code
        times.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", listener)
    return status, statistics.median(times[1:]), list(statements)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--only", help="only pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of each page")
    parser.add_argument("--sql", action="store_true", help="print each page's statements")
    parser.add_argument("--rendered", action="store_true", help="keep no page: query and render each time")
    args = parser.parse_args(argv)
    if not args.database_url:
        sys.exit("Give --database-url (the database generate-scale filled).")
    url = os.environ["DATABASE_URL"] = normalise_database_url(args.database_url)
    where = targets(url)
    from registry import create_app

    app = add_signed_in_floor(create_app())
    if args.rendered:
        app.extensions["page_cache"].max_bytes = 0
    clients = {who: _client(app, email) for who, email in ACCOUNTS.items()}
    with api_tokens(app, ACCOUNTS) as tokens:
        # The signed-in floor first: what every page pays before its own work.
        for page in (Page("signed-in floor", SIGNED_IN_FLOOR), *PAGES):
            if args.only and args.only.lower() not in page.name.lower():
                continue
            path = page.url.format(**where["large"])
            headers = page.credentials({}, tokens)[1] if page.api else page.headers
            client = app.test_client() if page.api else clients[page.who]
            status, ms, statements = measure(app, client, path, headers, args.repeat)
            print(f"{page.name:40} {status} {ms:8.1f} ms {len(statements):3} queries  {path}")
            if args.sql:
                for statement in statements:
                    print("    " + " ".join(statement.split())[:300])
            if args.profile:
                _profile(client, path, headers)
    return 0


def _profile(client, path: str, headers: dict) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument")
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(5):
            client.get(path, headers=headers)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    sys.exit(main())
