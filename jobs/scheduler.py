"""The scheduler: the jobs of ``jobs/cron.py``, fired by one process at a time, through Redis outages.

    python -m jobs.scheduler --url "$REDIS_URL"            # make cron; jobs/cron.py by default

Why not ``rq cron``: RQ 2.12's cron loop (``CronScheduler.start``) exits on the first Redis
connection error, and every running ``rq cron`` fires every tick. RQ 3.0's loop is the same
(checked in its source), and rq-scheduler is a different, older scheduler with the same
single-process assumption. This is a loop of our own around RQ's ``CronScheduler`` and
``CronJob``: their configuration file, their enqueueing, their record of jobs and of running
schedulers (what RQ's monitoring shows). What it adds:

- **one scheduler fires**: a Redis lock (``SET NX`` with an expiry, renewed by its holder
  every ``LOCK_RENEW``); the others stand by and take over within ``LOCK_TTL`` of the
  holder's end — so several may run, on several machines, for availability;
- **each tick fires once**: ticks are aligned (cron times; intervals on multiples of the
  interval since the epoch) and a job's last fired tick is recorded by compare-and-set, so a
  scheduler taking over never fires again what the previous holder fired;
- **a missed tick fires late rather than never**: the latest tick missed while Redis was
  away or no scheduler ran is fired once when one can (the 06:00 scan at 06:01 after an
  outage, the minute's dispatcher right after Redis is back);
- **Redis errors** are waited out (``jobs.reconnect``), never fatal.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import time
from datetime import datetime, timedelta, timezone

from croniter import croniter
from redis import Redis
from rq.cron import CronJob, CronScheduler
from rq.exceptions import DuplicateSchedulerError, SchedulerNotFound, StopRequested
from rq.utils import now

from jobs.reconnect import REDIS_ERRORS, wait_for_redis
from registry.queue import SCHEDULER_LOCK_KEY

LOCK_TTL = timedelta(seconds=15)
LOCK_RENEW = timedelta(seconds=5)
LAST_TICK_KEY = "registry:scheduler:last-tick:{name}"
DEFAULT_CONFIG = "jobs/cron.py"

# Take the lock if nobody holds it, or renew it if we do; 1 when we hold it.
HOLD_LOCK = """
local holder = redis.call('GET', KEYS[1])
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
# Record tick ARGV[1] as fired unless it (or a later one) was: 1 when this call recorded it.
CLAIM_TICK = """
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if last < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
end
return 0
"""


def latest_tick(job: CronJob, moment: datetime) -> datetime:
    """The job's latest tick at or before ``moment`` (UTC, aligned for every scheduler alike)."""
    if job.cron:
        return croniter(job.cron, moment + timedelta(seconds=1)).get_prev(datetime)
    seconds = math.floor(moment.timestamp() / job.interval) * job.interval
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def next_tick(job: CronJob, moment: datetime) -> datetime:
    """The job's first tick strictly after ``moment``."""
    if job.cron:
        return croniter(job.cron, moment).get_next(datetime)
    seconds = (math.floor(moment.timestamp() / job.interval) + 1) * job.interval
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


class RegistryScheduler(CronScheduler):
    """RQ's cron scheduler with one firing process, ticks fired once, and a loop that outlives Redis."""

    def __init__(self, connection: Redis, **kwargs):
        super().__init__(connection, **kwargs)
        self.holds_lock = False
        self._stopping = False
        self._registered = False
        self._hold = connection.register_script(HOLD_LOCK)
        self._release = connection.register_script(RELEASE_LOCK)
        self._claim = connection.register_script(CLAIM_TICK)

    # -- ticks ---------------------------------------------------------------------------------------

    def _tick_key(self, job: CronJob) -> str:
        return LAST_TICK_KEY.format(name=job.name)

    def arm(self) -> None:
        """Set each job's next tick: the latest missed one if a tick was recorded before it, else the next."""
        moment = now()
        for job in self._cron_jobs:
            recorded = self.connection.get(self._tick_key(job))
            latest = latest_tick(job, moment)
            missed = recorded is not None and float(recorded) < latest.timestamp()
            job.next_enqueue_time = latest if missed else next_tick(job, moment)

    def enqueue_jobs(self) -> list[CronJob]:
        """Fire every job whose tick has come, once per tick (the latest, if several were missed)."""
        moment = now()
        fired = []
        for job in self._cron_jobs:
            if job.next_enqueue_time is None or job.next_enqueue_time > moment:
                continue
            tick = latest_tick(job, moment)
            if self._claim(keys=[self._tick_key(job)], args=[int(tick.timestamp())]):
                self._fire(job, tick)
                fired.append(job)
            job.latest_enqueue_time = tick
            job.next_enqueue_time = next_tick(job, tick)
        return fired

    def _fire(self, job: CronJob, tick: datetime) -> None:
        # RQ's own enqueue (queue, job history, cron registry), with the tick in the job's id.
        options = job.job_options
        job.job_options = dict(options, job_id=f"cron-{job.func.__name__}-{int(tick.timestamp())}")
        try:
            job.enqueue(self.connection)
        finally:
            job.job_options = options
        self.log.info("Scheduler %s: fired %s for %s", self.name, job.func.__name__, tick.isoformat())

    # -- the lock ------------------------------------------------------------------------------------

    def hold_lock(self) -> bool:
        held = bool(self._hold(keys=[SCHEDULER_LOCK_KEY], args=[self.name, int(LOCK_TTL.total_seconds() * 1000)]))
        if held != self.holds_lock:
            self.log.info("Scheduler %s: %s", self.name, "fires the schedule" if held else "stands by")
        self.holds_lock = held
        return held

    def release_lock(self) -> None:
        if self.holds_lock:
            self._release(keys=[SCHEDULER_LOCK_KEY], args=[self.name])
            self.holds_lock = False

    # -- the loop ------------------------------------------------------------------------------------

    def beat(self) -> None:
        """One turn: register, hold (or try) the lock, fire what is due, tell RQ we live."""
        if not self._registered:
            try:
                self.register_birth()
            except DuplicateSchedulerError:
                pass  # registered by an earlier attempt whose answer was lost
            self._registered = True
        if self.hold_lock() and self.enqueue_jobs():
            self.save()
        self.heartbeat()

    def sleep_time(self) -> float:
        """Until the next tick, but at most LOCK_RENEW (the holder renews, the others try again)."""
        if not self.holds_lock:
            return LOCK_RENEW.total_seconds()
        upcoming = [job.next_enqueue_time for job in self._cron_jobs if job.next_enqueue_time]
        until = min(upcoming, default=now() + LOCK_RENEW) - now()
        return max(0.1, min(until.total_seconds(), LOCK_RENEW.total_seconds()))

    def start(self) -> None:
        self.log.info("Scheduler %s: starting", self.name)
        self._install_signal_handlers()
        try:
            while True:
                try:
                    self.arm()
                    break
                except REDIS_ERRORS as error:
                    self._wait(error)
            while True:
                try:
                    self.beat()
                except REDIS_ERRORS as error:
                    self.holds_lock = False  # it may expire while we wait; hold_lock() takes it again
                    self._wait(error)
                    continue
                time.sleep(self.sleep_time())
        except (KeyboardInterrupt, StopRequested):
            self.log.info("Scheduler %s: stop requested", self.name)
        finally:
            self._stopping = True
            self._shut_down()

    def _wait(self, error: Exception) -> None:
        wait_for_redis(self.connection, self.log, f"Scheduler {self.name}", error, stopping=lambda: self._stopping)

    def _shut_down(self) -> None:
        try:
            self.release_lock()
            self.register_death()
        except (*REDIS_ERRORS, SchedulerNotFound) as error:
            self.log.warning("Scheduler %s: could not record its end (%s); its records expire", self.name, error)
        self.log.info("Scheduler %s: stopped", self.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.scheduler", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("REDIS_URL"), help="Redis URL (default: $REDIS_URL)")
    parser.add_argument("config", nargs="?", default=DEFAULT_CONFIG, help="the schedule (RQ cron config file)")
    parser.add_argument("--logging-level", default="INFO")
    options = parser.parse_args(argv)
    if not options.url:
        parser.error("set REDIS_URL or pass --url")
    logging.basicConfig(level=options.logging_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    connection = Redis.from_url(options.url, socket_connect_timeout=5, socket_timeout=10)
    scheduler = RegistryScheduler(connection, logging_level=options.logging_level)
    scheduler.load_config_from_file(options.config)
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
