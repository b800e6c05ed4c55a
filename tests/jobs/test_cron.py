"""The schedule: RQ 2.x reads cron strings in UTC; ours are meant in Vietnam's time."""
from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from redis import Redis
from rq.cron import CronScheduler

from jobs.schedule import vietnam_cron
from registry.clock import VIETNAM


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


def test_the_scheduler_fires_the_scan_at_six_and_digests_at_seven_in_vietnam():
    # Saturday 28 February 2026, noon in Vietnam.
    with time_machine.travel(datetime(2026, 2, 28, 12, 0, tzinfo=VIETNAM), tick=False):
        scheduler = CronScheduler(connection=Redis.from_url("redis://127.0.0.1:1/5"))
        scheduler.load_config_from_file("jobs/cron.py")
        jobs = {job.func_name.rsplit(".", 1)[1]: job for job in scheduler.get_jobs()}
    def vietnam(name):
        return jobs[name].next_enqueue_time.astimezone(VIETNAM).replace(tzinfo=None)

    assert vietnam("scan_reminders") == datetime(2026, 3, 1, 6, 0)
    assert vietnam("send_daily_digests") == datetime(2026, 3, 1, 7, 0)
    assert vietnam("send_weekly_digests") == datetime(2026, 3, 2, 7, 0)  # Monday
    assert jobs["dispatch_outbox"].interval == 300
    assert "refresh_figures" not in jobs  # figures are kept in each write's transaction, not refreshed
