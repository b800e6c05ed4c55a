"""Measurements outside HTTP load, each in its own process so peak memory is its own:
the reminder scan, the site exports, the XLSX import.

``python -m bench.offline <task> [argument]`` prints one JSON object. A task whose code
has not landed yet answers ``{"skipped": "<why>"}``.
"""
from __future__ import annotations

import importlib
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from bench.pages import IMPORT_URL, REMINDER_SCANS

IMPORT_ROWS = 100_000


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reminder_scan(app) -> dict:
    for module_name, function_name in REMINDER_SCANS:
        try:
            scan = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            continue
        with app.app_context():
            started = time.perf_counter()
            outcome = scan()
            seconds = time.perf_counter() - started
        return {"function": f"{module_name}.{function_name}", "seconds": round(seconds, 2),
                "outcome": repr(outcome)[:200], "peak_rss_mb": _peak_rss_mb()}
    looked = ", ".join(f"{m}.{f}" for m, f in REMINDER_SCANS)
    return {"skipped": f"no reminder scan in the app yet (looked for {looked})"}


def _route_exists(app, path: str, method: str = "GET") -> bool:
    from werkzeug.exceptions import MethodNotAllowed, NotFound

    try:
        app.url_map.bind("localhost").match(path.split("?")[0], method=method)
        return True
    except (NotFound, MethodNotAllowed):
        return False


def _signed_in_client(app, user_id: int):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    return client


def export(app, path: str, user_id: int) -> dict:
    """Download ``path`` as a stream, chunk by chunk; time, bytes, rows and peak memory."""
    if not _route_exists(app, path):
        return {"skipped": f"no route for {path} yet"}
    client = _signed_in_client(app, user_id)
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    return {"status": response.status_code, "seconds": round(seconds, 2), "bytes": size,
            "csv_rows": max(0, lines - 1) if path.endswith(".csv") else None,
            "python_peak_mb": round(peak / 2**20, 1), "peak_rss_mb": _peak_rss_mb()}


def build_import_file(path: Path, rows: int, wards: list[tuple[str, str]], models: list[str]) -> float:
    """A sites workbook of ``rows`` rows (write-only, streamed); returns the seconds taken."""
    from openpyxl import Workbook

    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Địa bàn nhân rộng")
    sheet.append(["Mô hình", "Xã/phường", "Đơn vị", "Ngày bắt đầu", "Số tổ", "Thành viên", "Hộ gia đình", "Trạng thái"])
    for number in range(rows):
        ward_code, ward = wards[number % len(wards)]
        sheet.append([models[number % len(models)], ward, f"Tổ dân phố số {number % 40 + 1}", "01/03/2024",
                      1 + number % 5, 10 + number % 30, 50 + number % 200, "Đang hoạt động"])
    workbook.save(path)
    return time.perf_counter() - started


def xlsx_import(app, province_slug: str, user_id: int, folder: Path) -> dict:
    path = IMPORT_URL.format(province=province_slug)
    if not _route_exists(app, path, "POST"):
        return {"skipped": f"no import route {path} yet (the 100,000-row workbook builder is ready: "
                           "bench.offline.build_import_file)"}
    from sqlalchemy import text

    from registry.extensions import db

    with app.app_context():
        wards = db.session.execute(text("SELECT code, name FROM ward w JOIN province p ON p.id = w.province_id"
                                        " WHERE p.slug = :s"), {"s": province_slug}).all()
        models = db.session.execute(text("SELECT m.name FROM movement_model m JOIN province p ON"
                                         " p.id = m.province_id WHERE p.slug = :s LIMIT 200"),
                                    {"s": province_slug}).scalars().all()
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "import-100000.xlsx"
    build_seconds = build_import_file(workbook, IMPORT_ROWS, wards, models)
    client = _signed_in_client(app, user_id)
    started = time.perf_counter()
    with workbook.open("rb") as handle:
        response = client.post(path, data={"file": (handle, workbook.name)}, content_type="multipart/form-data")
    return {"status": response.status_code, "seconds": round(time.perf_counter() - started, 2),
            "build_seconds": round(build_seconds, 2), "peak_rss_mb": _peak_rss_mb(),
            "note": "time until the upload's answer; a background import's progress is not followed yet"}


def main(argv: list[str]) -> int:
    from registry import create_app

    app = create_app({"WTF_CSRF_ENABLED": False})
    task, *arguments = argv
    if task == "reminders":
        result = reminder_scan(app)
    elif task == "export":
        result = export(app, arguments[0], int(arguments[1]))
    else:
        result = xlsx_import(app, arguments[0], int(arguments[1]), Path(arguments[2]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
