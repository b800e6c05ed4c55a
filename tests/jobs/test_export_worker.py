"""An export through a real Redis and ``rq worker --burst``: queued, written by the worker, downloaded."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import time_machine
from redis import Redis
from rq.cron import CronScheduler
from sqlalchemy import select

from registry.export_jobs.models import DONE, QUEUED, ExportJob
from registry.extensions import db
from tests.conftest import province
from tests.jobs.conftest import run_worker
from tests.factories import make_model, make_site, ward_of


def _sites(app) -> None:
    with app.app_context():
        for slug, name in (("quang-tri", "Camera an ninh Quảng Trị"), ("lam-dong", "Camera an ninh Lâm Đồng")):
            place = province(slug)
            model = make_model(place, name=name)
            for position in range(3):
                make_site(model, ward_of(place, position), sub_unit=f"=Thôn {position}")
        db.session.commit()


def test_a_worker_writes_the_export_the_page_was_waiting_for(redis_app, client, login_as):
    _sites(redis_app)
    login_as("officer", "quang-tri")
    started = client.post("/p/quang-tri/sites/export", data={"format": "csv"})
    page_url = started.headers["Location"]
    waiting = client.get(page_url, headers={"HX-Request": "true"}).text
    assert "Đang chờ đến lượt xử lý…" in waiting and 'hx-trigger="every 1s"' in waiting
    with redis_app.app_context():
        assert db.session.scalars(select(ExportJob.status)).all() == [QUEUED]
    assert Redis.from_url(redis_app.config["REDIS_URL"]).llen("rq:queue:default") == 1

    run_worker(redis_app)

    ready = client.get(page_url, headers={"HX-Request": "true"}).text
    assert "Tệp đã sẵn sàng: 3 dòng." in ready and "hx-trigger" not in ready
    download = client.get(re.search(r'href="([^"]+/download)"', ready).group(1))
    header, *rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert header[:2] == ["Mã điểm", "Mô hình"]
    assert {row[1] for row in rows} == {"Camera an ninh Quảng Trị"}  # nothing of Lâm Đồng
    assert {row[4] for row in rows} == {"'=Thôn 0", "'=Thôn 1", "'=Thôn 2"}
    with redis_app.app_context():
        assert db.session.scalars(select(ExportJob.status)).all() == [DONE]


def test_the_scheduler_deletes_old_export_files_every_hour():
    with time_machine.travel(datetime(2026, 2, 28, 12, 0), tick=False):
        scheduler = CronScheduler(connection=Redis.from_url("redis://127.0.0.1:1/5"))
        scheduler.load_config_from_file("jobs/cron.py")
        jobs = {job.func_name.rsplit(".", 1)[1]: job for job in scheduler.get_jobs()}
    assert jobs["delete_expired_exports"].interval == 3600
