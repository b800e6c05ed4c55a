"""Faults the background work heals from by itself, with a Redis of the test's own that it stops,
flushes or kills the workers of: real ``rq worker`` and scheduler processes, a real SMTP server.

Each test prints how long the recovery took (``-s`` shows it).
"""
from __future__ import annotations

import threading
import time
from datetime import date

from sqlalchemy import select

from registry.extensions import db
from registry.notifications import reminders
from registry.outbox import dispatch
from registry.outbox.models import SENT, Notification
from tests.conftest import PASSWORD
from tests.jobs.conftest import (
    _children, kill_worker, once_on_postgresql, start_scheduler, start_worker, stop, wait_until,
)
from tests.notifications.factories import model_due_on, set_frequency

TODAY = date(2026, 3, 2)
OUTAGE_SECONDS = 70
pytestmark = once_on_postgresql


def _officers_due_today(app, make_user, count=1) -> list[str]:
    """Officers who want each mail at once, each with a model whose review is due today."""
    emails = []
    for number in range(count):
        officer = make_user("officer", "quang-tri", email=f"officer.{number}@test.vn")
        with app.app_context():
            set_frequency(officer, "immediate")
            model_due_on("quang-tri", TODAY, created_by=officer.id, name=f"Camera an ninh {number}")
            db.session.commit()
        emails.append(officer.email)
    return emails


def _scan_and_dispatch(app) -> int:
    with app.app_context():
        reminders.scan(TODAY)
        handed = dispatch.dispatch_pending()
        db.session.remove()
        return handed


def _sent_to(app) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(select(Notification).where(Notification.status == SENT)).all()
        return sorted(n.user.email for n in rows)


def _mailed_to(handler) -> list[str]:
    return sorted(mail["To"] for mail in handler.mails)


def test_the_worker_and_the_scheduler_outlive_a_70_second_redis_outage_and_deliver_after(
        own_redis_app, own_redis, smtp_server, make_user, client, tmp_path):
    handler, _ = smtp_server
    [busy] = _officers_due_today(own_redis_app, make_user)
    admin = make_user("province_admin", "quang-tri")
    worker = start_worker(own_redis_app, log=tmp_path / "worker.log")
    scheduler = start_scheduler(own_redis_app, log=tmp_path / "scheduler.log")
    try:
        handler.behaviour.hold_at_rcpt = threading.Event()
        handler.behaviour.hold_at_rcpt.set()
        assert _scan_and_dispatch(own_redis_app) == 1
        assert handler.behaviour.reached_rcpt.wait(60), "the worker never reached the mail server"

        own_redis.stop()  # Redis goes away while the worker is in the middle of a delivery
        stopped_at = time.monotonic()
        handler.behaviour.hold_at_rcpt.clear()
        handler.behaviour.release.set()  # the mail server answers 421 to the held mail: try later
        client.post("/login", data={"email": admin.email, "password": PASSWORD})
        response = client.post("/p/quang-tri/members/invite",
                               data={"email": "new.officer@test.vn", "name": "Lê Thị B", "role": "officer"})
        assert response.status_code == 302  # the request does not need Redis
        time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - stopped_at)))
        assert worker.poll() is None and scheduler.poll() is None, "a process exited during the outage"

        own_redis.start()  # back, empty (no persistence): the queued retry is gone with it
        back_at = time.monotonic()
        wait_until(lambda: _mailed_to(handler) == sorted([busy, "new.officer@test.vn"]), timeout=90,
                   what="both mails after the outage")
        print(f"\nafter a {OUTAGE_SECONDS} s outage: both mails out {time.monotonic() - back_at:.1f} s after Redis"
              " came back")

        client.post("/password/forgot", data={"email": admin.email})  # and new mail goes out at once
        wait_until(lambda: admin.email in _mailed_to(handler), timeout=30, what="a password reset after the outage")
        assert worker.poll() is None and scheduler.poll() is None
        assert _sent_to(own_redis_app) == sorted([busy, "new.officer@test.vn", admin.email])
        assert len(handler.mails) == 3
    finally:
        stop(worker)
        stop(scheduler)
        print((tmp_path / "worker.log").read_text()[-4000:], (tmp_path / "scheduler.log").read_text()[-3000:])


def test_a_worker_killed_mid_delivery_has_its_mail_delivered_by_another_within_90_seconds(
        own_redis_app, smtp_server, make_user, tmp_path):
    handler, _ = smtp_server
    [email] = _officers_due_today(own_redis_app, make_user)
    handler.behaviour.hold_at_rcpt = threading.Event()
    handler.behaviour.hold_at_rcpt.set()
    workers = [start_worker(own_redis_app, log=tmp_path / f"worker-{n}.log") for n in range(2)]
    scheduler = start_scheduler(own_redis_app, log=tmp_path / "scheduler.log")
    try:
        _scan_and_dispatch(own_redis_app)
        assert handler.behaviour.reached_rcpt.wait(60), "no worker reached the mail server"
        [busy] = wait_until(lambda: [w for w in workers if _children(w.pid)], timeout=10, what="the busy worker")
        kill_worker(busy)  # SIGKILL, worker and work horse: no clean-up at all
        killed_at = time.monotonic()
        handler.behaviour.hold_at_rcpt.clear()
        handler.behaviour.release.set()

        wait_until(lambda: _mailed_to(handler) == [email], timeout=90, what="the killed worker's mail")
        print(f"\nworker killed mid-delivery: mail delivered {time.monotonic() - killed_at:.1f} s later")
        time.sleep(2)
        assert len(handler.mails) == 1 and _sent_to(own_redis_app) == [email]
    finally:
        for process in (*workers, scheduler):
            stop(process)


def test_a_flushed_queue_is_delivered_again_within_90_seconds(own_redis_app, own_redis, smtp_server, make_user,
                                                               tmp_path):
    handler, _ = smtp_server
    emails = _officers_due_today(own_redis_app, make_user, count=3)
    scheduler = start_scheduler(own_redis_app, log=tmp_path / "scheduler.log")
    worker = None
    try:
        assert _scan_and_dispatch(own_redis_app) == 3  # queued; no worker runs yet
        own_redis.client().flushall()  # the test's own Redis: every queue, job and lock is gone
        flushed_at = time.monotonic()
        worker = start_worker(own_redis_app, log=tmp_path / "worker.log")

        wait_until(lambda: _mailed_to(handler) == emails, timeout=90, what="the flushed mails")
        print(f"\nqueue flushed: {len(emails)} mails delivered {time.monotonic() - flushed_at:.1f} s later")
        time.sleep(2)
        assert len(handler.mails) == 3 and _sent_to(own_redis_app) == emails
    finally:
        stop(scheduler)
        if worker is not None:
            stop(worker)
