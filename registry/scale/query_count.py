"""SQL statements per request, in an ``X-Query-Count`` response header.

Only with ``BENCH_QUERY_COUNT=1`` in the environment (or the config key); off by default:
production then pays one config lookup per request. The benchmark reads the header to
report queries per page and to check the count stays the same as the data grows.
"""
from __future__ import annotations

import os

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

HEADER = "X-Query-Count"


def _count(*_args, **_kwargs) -> None:
    if has_app_context() and "query_count" in g:
        g.query_count += 1


def _start_counting() -> None:
    if not current_app.config["BENCH_QUERY_COUNT"]:
        return
    if not event.contains(Engine, "before_cursor_execute", _count):
        event.listen(Engine, "before_cursor_execute", _count)
    g.query_count = 0


def _report(response):
    if "query_count" in g:
        response.headers[HEADER] = str(g.query_count)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BENCH_QUERY_COUNT", os.environ.get("BENCH_QUERY_COUNT") == "1")
    # First in line, so the queries of every other before_request hook are counted too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_counting)
    app.after_request(_report)
