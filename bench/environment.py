"""The machine, the versions and the data a result was measured on."""
from __future__ import annotations

import os
import platform
from importlib import metadata

from sqlalchemy import create_engine, text

from bench import wrk

PACKAGES = ("flask", "sqlalchemy", "psycopg", "gunicorn", "jinja2", "werkzeug")
TABLES = ("movement_model", "replication_site", "review", "review_value", "nomination", "user_account")


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            return next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def _memory_gb() -> str:
    try:
        with open("/proc/meminfo") as info:
            return f"{int(info.readline().split()[1]) / 2**20:.0f} GB"
    except OSError:
        return "unknown"


def describe(url: str) -> dict:
    with create_engine(url).connect() as connection:
        server = connection.execute(text("SHOW server_version")).scalar()
        sizes = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
    return {
        "host": platform.node() or "machine",
        "cpu": f"{_cpu()} × {os.cpu_count()}",
        "memory": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": server,
        "wrk": wrk.version(),
        "packages": ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES),
        "data": ", ".join(f"{t} {n:,}" for t, n in sizes.items()),
    }
