"""The dispatcher: rows claimed before they are queued, account mail first, a hung Redis that costs a
web write a fraction of a second, and lost jobs found from RQ's own records."""
from __future__ import annotations

import subprocess
import time
from datetime import timedelta

import pytest
import time_machine
from redis import Redis
from rq import Queue
from rq.job import Job
from sqlalchemy import select

from registry.clock import now_utc
from registry.extensions import db
from registry.outbox import dispatch, recovery
from registry.outbox.models import PENDING, QUEUED, SENDING, SENT, Notification
from tests.conftest import PASSWORD
from tests.jobs.conftest import ROOT, flask_command, run_worker, worker_env

ROWS = 150


def _pending(app, user, count: int, immediate: bool = False) -> list[int]:
    with app.app_context():
        rows = [Notification(user_id=user.id, kind="invitation", dedup_key=f"test:{immediate}:{n}",
                             params={"province": "Quảng Trị", "role": "officer", "inviter": "A"},
                             immediate=immediate, status=PENDING) for n in range(count)]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def _queued_jobs(connection: Redis, queue: str) -> list[Job]:
    return [job for job in Job.fetch_many(Queue(queue, connection=connection).get_job_ids(), connection=connection)
            if job is not None]


def test_concurrent_dispatchers_queue_each_row_once(redis_app, make_user):
    ids = _pending(redis_app, make_user("officer"), ROWS)
    command = flask_command(redis_app, "dispatch-outbox")
    dispatchers = [subprocess.Popen(command, env=worker_env(redis_app), cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [process.communicate(timeout=120)[0] for process in dispatchers]
    assert all(process.returncode == 0 for process in dispatchers), outputs

    jobs = _queued_jobs(Redis.from_url(redis_app.config["REDIS_URL"]), "mail")
    assert sorted(job.args[0] for job in jobs) == ids  # every row, once
    with redis_app.app_context():
        rows = db.session.scalars(select(Notification)).all()
        assert {row.status for row in rows} == {QUEUED}
        assert {row.job_id for row in rows} == {job.id for job in jobs}  # each row names its one job


def test_a_password_reset_goes_out_on_the_urgent_queue_before_waiting_reminders(redis_app, smtp_server, make_user,
                                                                                client):
    handler, _ = smtp_server
    officer = make_user("officer")
    _pending(redis_app, officer, 3)
    with redis_app.app_context():
        assert dispatch.dispatch_pending() == 3  # three mails wait on the mail queue

    client.post("/password/forgot", data={"email": officer.email})
    connection = Redis.from_url(redis_app.config["REDIS_URL"])
    [job] = _queued_jobs(connection, "urgent")  # handed over right after the request's commit
    with redis_app.app_context():
        reset = db.session.scalar(select(Notification).where(Notification.kind == "password_reset"))
        assert (reset.status, reset.job_id) == (QUEUED, job.id)

    run_worker(redis_app)  # listens to urgent, then mail, then default
    assert len(handler.mails) == 4
    assert "reset" in handler.mails[0].get_body(preferencelist=("plain",)).get_content()


def test_a_hung_redis_costs_a_web_write_under_a_second_and_the_mail_goes_out_after(
        own_redis_app, own_redis, smtp_server, make_user, client):
    handler, _ = smtp_server
    admin = make_user("province_admin", "quang-tri")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    own_redis.pause()  # SIGSTOP: connections open, nothing answers
    try:
        started = time.monotonic()
        response = client.post("/p/quang-tri/members/invite",
                               data={"email": "new.officer@test.vn", "name": "Lê Thị B", "role": "officer"})
        elapsed = time.monotonic() - started
    finally:
        own_redis.resume()
    print(f"\nweb write with Redis hung: {elapsed:.2f} s")
    assert response.status_code == 302
    assert elapsed < 1.0
    with own_redis_app.app_context():
        invitation = db.session.scalar(select(Notification).where(Notification.kind == "invitation"))
        assert invitation.status == PENDING  # left in the outbox for the dispatcher
        assert dispatch.dispatch_outbox() == 1
    run_worker(own_redis_app)
    assert [mail["To"] for mail in handler.mails] == ["new.officer@test.vn"]


def _started_elsewhere(connection: Redis, job_id: str, heartbeat_age: timedelta) -> None:
    """RQ's records of a job running on another machine's worker, last heard of ``heartbeat_age`` ago."""
    beat = (now_utc() - heartbeat_age).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    connection.hset(Job.key_for(job_id), mapping={"status": "started", "worker_name": "w-elsewhere",
                                                  "last_heartbeat": beat})
    connection.hset("rq:worker:w-elsewhere", mapping={"hostname": "another-machine", "pid": "1",
                                                      "current_job": job_id, "last_heartbeat": beat})


@pytest.mark.parametrize(("age", "lost"), [(timedelta(seconds=5), False), (timedelta(minutes=2), True)])
def test_a_claim_held_on_another_machine_is_released_only_once_its_worker_is_silent(
        redis_app, make_user, monkeypatch, age, lost):
    monkeypatch.setattr(recovery, "SECOND_LOOK", timedelta(0))
    [notification_id] = _pending(redis_app, make_user("officer"), 1)
    connection = Redis.from_url(redis_app.config["REDIS_URL"])
    with redis_app.app_context():
        db.session.execute(Notification.__table__.update().where(Notification.id == notification_id).values(
            status=SENDING, job_id="notification-1-elsewhere", claimed_at=now_utc() - timedelta(minutes=1)))
        db.session.commit()
        _started_elsewhere(connection, "notification-1-elsewhere", age)
        assert dispatch.recover_lost() == (1 if lost else 0)
        row = db.session.get(Notification, notification_id)
        assert row.status == (QUEUED if lost else SENDING)


def test_queued_rows_whose_jobs_redis_lost_are_queued_again_on_the_next_pass(redis_app, smtp_server, make_user):
    handler, _ = smtp_server
    _pending(redis_app, make_user("officer"), 2)
    connection = Redis.from_url(redis_app.config["REDIS_URL"])
    with redis_app.app_context():
        assert dispatch.dispatch_pending() == 2
        connection.flushdb()
        assert dispatch.dispatch_outbox() == 0  # just queued: left alone for QUEUED_GRACE
        with time_machine.travel(now_utc() + dispatch.QUEUED_GRACE + timedelta(seconds=1), tick=False):
            assert dispatch.dispatch_outbox() == 2
    run_worker(redis_app)
    assert len(handler.mails) == 2
    with redis_app.app_context():
        assert set(db.session.scalars(select(Notification.status))) == {SENT}
