"""Measurements outside HTTP load, each in its own process so peak memory is its own:
the reminder scan, the site exports, the XLSX import of 100,000 rows (half of them updates).

``python -m bench.offline <task> [arguments]`` prints one JSON object. Each task leaves the
database as it found it (what it wrote is deleted afterwards), so runs can be repeated.
"""
from __future__ import annotations

import importlib
import json
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.pages import REMINDER_SCAN
from registry.accounts.sessions import sign_in_client

IMPORT_ROWS = 100_000
# Of the import's rows, how many name sites the model already has (matched by ward and
# sub-unit, their counts changed): the import updates these and adds the others.
IMPORT_EXISTING = 50_000


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reminder_scan(app) -> dict:
    """The daily scan over every model and review, twice: first on a database that never had a
    scan (every reminder is new: the worst case), then the next day (what a day adds); then its
    notifications are deleted so the next run finds the same work."""
    from registry.extensions import db
    from registry.clock import today as vietnam_today

    module_name, function_name = REMINDER_SCAN
    scan = getattr(importlib.import_module(module_name), function_name)
    result = {"function": f"{module_name}.{function_name}"}
    with app.app_context():
        before = db.session.execute(text("SELECT coalesce(max(id), 0) FROM notification")).scalar()
        try:
            for name, day in (("first scan", vietnam_today()), ("next day", vietnam_today() + timedelta(days=1))):
                started = time.perf_counter()
                outcome = scan(day)
                result[name] = {"seconds": round(time.perf_counter() - started, 2),
                                "notifications": sum(outcome.values()), "by_kind": dict(outcome)}
        finally:
            db.session.rollback()
            db.session.execute(text("DELETE FROM notification WHERE id > :id"), {"id": before})
            db.session.commit()
            _vacuum("notification")
    return dict(result, peak_rss_mb=_peak_rss_mb())


def _signed_in_client(app, user_id: int):
    client = app.test_client()
    sign_in_client(client, user_id)
    return client


def export(app, file_format: str, province_slug: str, user_id: int) -> dict:
    """Export every site of the province as a user's export job does (``registry.export_jobs.tasks.build_export``,
    run here instead of in a worker): time, rows, file size and peak memory; then delete it."""
    from sqlalchemy import select

    from registry.export_jobs.tasks import build_export
    from registry.export_jobs import service
    from registry.export_jobs.kinds import as_filters
    from registry.export_jobs.models import ExportJob
    from registry.extensions import db
    from registry.tenants.models import Province

    with app.app_context():
        province_id = db.session.scalar(select(Province.id).where(Province.slug == province_slug))
        export = service.new_export("sites", as_filters({}), file_format, user_id=user_id,
                                    province_id=province_id, locale="vi")
        db.session.commit()
        export_id = export.id
        tracemalloc.start()
        started = time.perf_counter()
        build_export(export_id)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        done = db.session.get(ExportJob, export_id)
        path = service.file_path(done) if done.stored_name else None
        result = {"status": done.status, "seconds": round(seconds, 2), "rows": done.rows_done,
                  "bytes": path.stat().st_size if path and path.exists() else 0,
                  "python_peak_mb": round(peak / 2**20, 1), "peak_rss_mb": _peak_rss_mb()}
        if path:
            path.unlink(missing_ok=True)
        db.session.delete(done)
        db.session.commit()
    return result


def _site_row(number: int, wards: list[str], model_name: str, members_bonus: int = 0) -> list:
    ward = wards[number % len(wards)]
    return [model_name, ward, f"Tổ dân phố số {number // len(wards) + 1}", "01/03/2024",
            1 + number % 5, 10 + number % 30 + members_bonus, 50 + number % 200, "Đang hoạt động"]


IMPORT_FIELDS = ("model", "ward", "sub_unit", "started_on", "teams", "members", "households", "status")


def build_import_file(path: Path, rows: int, wards: list[str], model_name: str, existing: int = 0) -> float:
    """A sites workbook of ``rows`` rows for one model, every (ward, sub-unit) different, saved
    as Excel saves it (shared strings, the sheet's dimension up front; openpyxl's write-only mode
    would write inline strings, which no spreadsheet program does and which read far slower).
    The first ``existing`` rows are the model's sites with one member more. Returns the seconds taken."""
    from openpyxl import Workbook

    from registry.replication.spreadsheet import SITE_COLUMNS

    started = time.perf_counter()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Địa bàn nhân rộng"
    labels = {column.field: column for column in SITE_COLUMNS}
    sheet.append([labels[field].header for field in IMPORT_FIELDS])
    for number in range(rows):
        sheet.append(_site_row(number, wards, model_name, members_bonus=1 if number < existing else 0))
    workbook.save(path)
    return time.perf_counter() - started


def _existing_sites(app, model_id: int, province_slug: str, wards: list[str], count: int) -> None:
    """The model's sites before the import: the file's first ``count`` rows, written in bulk."""
    from registry.extensions import db
    from registry.movement.models import MovementModel
    from registry.replication.service import add_sites
    from registry.tenants.models import Province, Ward

    with app.app_context():
        province_id = db.session.scalar(db.select(Province.id).where(Province.slug == province_slug))
        ward_ids = dict(db.session.execute(db.select(Ward.name, Ward.id).where(Ward.province_id == province_id)).all())
        model = db.session.get(MovementModel, model_id)
        rows = []
        for number in range(count):
            _model, ward, sub_unit, _day, teams, members, households, _status = _site_row(number, wards, "")
            rows.append({"ward_id": ward_ids[ward], "sub_unit": sub_unit, "started_on": date(2024, 3, 1),
                         "teams": teams, "members": members, "households": households, "setting": "residential"})
        add_sites(model, rows, action="site_added")
        db.session.commit()


def _new_model(province_slug: str, user_id: int) -> int:
    """A fresh active model to import into (dropped afterwards with everything it got)."""
    from registry.extensions import db
    from registry.movement.models import ACTIVE, MovementModel
    from registry.tenants.models import Province

    province = db.session.scalar(db.select(Province).where(Province.slug == province_slug))
    model = MovementModel(province_id=province.id, name="Mô hình thử nhập 100.000 địa bàn",
                          name_folded="mo hinh thu nhap 100.000 dia ban", category="self_management",
                          target_setting="residential", status=ACTIVE, launched_on=date(2024, 1, 1),
                          activated_on=date(2024, 1, 1), created_by_id=user_id)
    db.session.add(model)
    db.session.commit()
    return model.id


def _drop_model(model_id: int) -> None:
    from registry.extensions import db
    from registry.figures import counters
    from registry.versioning import note_change

    province_id = db.session.scalar(text("SELECT province_id FROM movement_model WHERE id = :m"), {"m": model_id})
    for statement in ("DELETE FROM replication_site WHERE model_id = :m", "DELETE FROM site_import WHERE model_id = :m",
                      "DELETE FROM audit_event WHERE entity_type = 'movement_model' AND entity_id = :m",
                      "DELETE FROM audit_event WHERE model_id = :m",
                      "DELETE FROM movement_model WHERE id = :m"):
        db.session.execute(text(statement), {"m": model_id})
    counters.note_province(db.session, province_id)  # plain SQL: the session notes nothing itself
    note_change(db.session, province_id)
    db.session.commit()
    _vacuum("replication_site", "audit_event", "site_import")


def _vacuum(*tables: str) -> None:
    """Clear the rows a task deleted, so the next run (and the pages) do not wade through them."""
    from registry.extensions import db

    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.execute(text(f"VACUUM ANALYZE {table}"))


def xlsx_import(app, province_slug: str, user_id: int, folder: Path, rows: int = IMPORT_ROWS,
                existing: int = IMPORT_EXISTING) -> dict:
    """The whole import of a 100,000-row workbook into one model that already has 50,000 of
    them (their counts changed: updates) as an officer does it: upload, the checking job (run
    here as the worker would), the preview, the confirmation."""
    from registry.replication.tasks import parse_site_import
    from registry.extensions import db
    from registry.replication import import_routes

    with app.app_context():
        wards = db.session.execute(text("SELECT w.name FROM ward w JOIN province p ON p.id = w.province_id"
                                        " WHERE p.slug = :s ORDER BY w.code"), {"s": province_slug}).scalars().all()
        model_id = _new_model(province_slug, user_id)
    _existing_sites(app, model_id, province_slug, wards, existing)
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / f"import-{rows}.xlsx"
    build_seconds = build_import_file(workbook, rows, wards, "Mô hình thử nhập 100.000 địa bàn", existing)
    client, base = _signed_in_client(app, user_id), f"/p/{province_slug}/models/{model_id}/sites/import"
    import_routes._parse_later = lambda import_id: None  # the job runs below, as a worker would run it
    steps, started = {}, time.perf_counter()
    try:
        with workbook.open("rb") as handle:
            response = client.post(base, data={"file": (handle, workbook.name)}, content_type="multipart/form-data")
        steps["upload"] = time.perf_counter() - started
        import_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        waiting = client.get(f"{base}/{import_id}").text
        mark = time.perf_counter()
        with app.app_context():
            parse_site_import(import_id)
        steps["check rows (job)"] = time.perf_counter() - mark
        mark = time.perf_counter()
        preview = client.get(f"{base}/{import_id}")
        steps["preview"] = time.perf_counter() - mark
        mark = time.perf_counter()
        confirmed = client.post(f"{base}/{import_id}/confirm")
        steps["confirm"] = time.perf_counter() - mark
        total = time.perf_counter() - started
        with app.app_context():
            written = db.session.execute(text("SELECT count(*) FROM replication_site WHERE model_id = :m"),
                                         {"m": model_id}).scalar()
            outcome = db.session.execute(text("SELECT imported, updated FROM site_import WHERE id = :i"),
                                         {"i": import_id}).one()
    finally:
        with app.app_context():
            _drop_model(model_id)
    return {"rows": rows, "existing_sites": existing, "sites_after": written, "added": outcome[0],
            "updated": outcome[1], "seconds": round(total, 2),
            "steps": {name: round(seconds, 2) for name, seconds in steps.items()},
            "progress_bar_while_checking": '<progress id="import-progress"' in waiting,
            "statuses": [response.status_code, preview.status_code, confirmed.status_code],
            "workbook_mb": round(workbook.stat().st_size / 2**20, 1), "build_seconds": round(build_seconds, 2),
            "peak_rss_mb": _peak_rss_mb()}


def main(argv: list[str]) -> int:
    from registry import create_app

    app = create_app({"WTF_CSRF_ENABLED": False})
    task, *arguments = argv
    if task == "reminders":
        result = reminder_scan(app)
    elif task == "export":
        result = export(app, arguments[0], arguments[1], int(arguments[2]))
    else:
        result = xlsx_import(app, arguments[0], int(arguments[1]), Path(arguments[2]),
                             *(int(number) for number in arguments[3:5]))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
