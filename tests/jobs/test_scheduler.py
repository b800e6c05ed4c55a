"""The schedule (RQ 2.x reads cron strings in UTC; ours are meant in Vietnam's time) and the scheduler."""
from __future__ import annotations

import os
import signal
import time
from datetime import datetime

import pytest
import time_machine
from redis import Redis
from rq.utils import now

from jobs.schedule import vietnam_cron
from jobs.scheduler import LOCK_TTL, RegistryScheduler, next_tick
from registry.clock import VIETNAM
from registry.queue import SCHEDULER_LOCK_KEY
from tests.jobs.conftest import once_on_postgresql, start_scheduler, stop, wait_until


@pytest.mark.parametrize(("vietnam", "utc"), [
    ("0 6 * * *", "0 23 * * *"),     # 06:00 in Vietnam is 23:00 UTC the day before
    ("0 7 * * *", "0 0 * * *"),
    ("30 9 * * *", "30 2 * * *"),
    ("0 7 * * 1", "0 0 * * 1"),      # Monday 07:00 in Vietnam is Monday 00:00 UTC
    ("0 6 * * 1", "0 23 * * 0"),     # Monday 06:00 in Vietnam is Sunday 23:00 UTC
    ("0 6 * * 0", "0 23 * * 6"),
])
def test_vietnam_times_become_the_utc_cron_strings_rq_reads(vietnam, utc):
    assert vietnam_cron(vietnam) == utc


def test_unsupported_cron_strings_are_refused():
    with pytest.raises(ValueError):
        vietnam_cron("0 6 1 * *")


def test_the_scheduler_fires_the_scan_at_six_digests_at_seven_in_vietnam_and_the_outbox_every_minute():
    # Saturday 28 February 2026, 12:00:30 in Vietnam.
    with time_machine.travel(datetime(2026, 2, 28, 12, 0, 30, tzinfo=VIETNAM), tick=False):
        scheduler = RegistryScheduler(connection=Redis.from_url("redis://127.0.0.1:1/5"))
        scheduler.load_config_from_file("jobs/cron.py")
        ticks = {job.func.__name__: next_tick(job, now()) for job in scheduler.get_jobs()}

    def vietnam(name):
        return ticks[name].astimezone(VIETNAM).replace(tzinfo=None)

    assert vietnam("scan_reminders") == datetime(2026, 3, 1, 6, 0)
    assert vietnam("send_daily_digests") == datetime(2026, 3, 1, 7, 0)
    assert vietnam("send_weekly_digests") == datetime(2026, 3, 2, 7, 0)  # Monday
    assert vietnam("dispatch_outbox") == datetime(2026, 2, 28, 12, 1)   # every minute, on the minute
    assert "refresh_figures" not in ticks  # figures are counted in the transaction of each write
    assert vietnam("delete_expired_exports") == datetime(2026, 2, 28, 13, 0)


def _fired(connection) -> list[str]:
    """The ticks the schedulers queued, in order (one entry per enqueue, so a tick fired twice shows twice)."""
    return sorted(job_id.decode() for job_id in connection.lrange("rq:queue:default", 0, -1))


def _holder(connection, schedulers):
    name = connection.get(SCHEDULER_LOCK_KEY)
    return next((s for s in schedulers if name and name.decode().split(":")[1] == str(s.pid)), None)


@once_on_postgresql
def test_two_schedulers_fire_each_tick_once_and_the_other_takes_over_when_one_dies(own_redis, own_redis_app):
    connection = own_redis.client()
    schedulers = [start_scheduler(own_redis_app, "tests/jobs/fast_cron.py") for _ in range(2)]
    try:
        wait_until(lambda: len(_fired(connection)) >= 4, timeout=30, what="four ticks")
        assert len(connection.zrange("rq:cron_schedulers", 0, -1)) == 2  # both run; one fires
        fired = _fired(connection)
        assert len(set(fired)) == len(fired), fired

        holder = wait_until(lambda: _holder(connection, schedulers), timeout=10, what="a lock holder")
        os.killpg(holder.pid, signal.SIGKILL)  # no clean shut-down: its lock must expire
        holder.wait(timeout=10)
        killed_at = time.time()
        [standby] = [s for s in schedulers if s is not holder]
        wait_until(lambda: any(int(job_id.rsplit("-", 1)[1]) > killed_at + 2 for job_id in _fired(connection)),
                   timeout=LOCK_TTL.total_seconds() + 15, what="the standby's first tick")
        fired = _fired(connection)
        assert len(set(fired)) == len(fired), fired
        assert standby.poll() is None
    finally:
        for scheduler in schedulers:
            stop(scheduler)
