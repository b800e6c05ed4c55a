"""Run the whole suite on both supported databases: SQLite, then PostgreSQL.

``make test`` calls this; extra arguments go to pytest. ``TEST_DATABASES=sqlite`` (or
``postgresql``) runs one engine only, for a quick local loop.
"""
from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    engines = os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")
    status = 0
    for engine in engines:
        print(f"\n===== test suite on {engine} =====", flush=True)
        env = dict(os.environ, TEST_DATABASE=engine.strip())
        result = subprocess.run([sys.executable, "-m", "pytest", *sys.argv[1:]], env=env)
        status = status or result.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
