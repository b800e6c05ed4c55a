"""Which delivery jobs are gone, read from RQ's own records in Redis.

A queued row waits for its job; a sending row is held by it. The job is gone when:

- Redis no longer has it (flushed, or deleted by hand);
- RQ recorded its end (failed, stopped, cancelled, finished) while the row says otherwise —
  its work horse died, RQ's clean-up found it abandoned, or it ended without recording;
- for a sending row, RQ has put it back to waiting (an abandoned job retried by RQ finds the
  claim taken and would do nothing);
- its worker is dead: the worker's record says it died or works on something else, or the
  worker ran on this machine and its process is gone, or (another machine) its record
  expired or has not been refreshed for ``STALE_HEARTBEAT`` — checked a second time
  ``SECOND_LOOK`` later, since a live worker refreshes it every ``WORKER_HEARTBEAT_SECONDS``,
  also right after a Redis outage.

A sending row whose job Redis no longer has (a flush during a delivery) is left to the claim
timeout: nothing says whether its worker still sends, and releasing it could mail twice.
"""
from __future__ import annotations

import os
import socket
import time
from datetime import datetime, timedelta, timezone

from redis import Redis
from redis.exceptions import RedisError
from rq.job import Job
from rq.utils import as_text, utcparse
from rq.worker import Worker

from registry.clock import now_utc
from registry.queue import STALE_HEARTBEAT

SECOND_LOOK = timedelta(seconds=15)
ENDED = {"finished", "failed", "stopped", "canceled"}
WAITING = {"queued", "scheduled", "deferred", "created"}
DEAD, ALIVE, SUSPECT = "dead", "alive", "suspect"


def lost_jobs(connection: Redis, jobs: list[tuple[str, bool]]) -> set[str]:
    """The job ids among ``jobs`` ((job id, its row is claimed)) that no live job holds.

    Returns an empty set if Redis cannot be asked: nothing is judged while it is away.
    """
    try:
        verdicts = _judge(connection, jobs)
        suspects = [(job_id, claimed) for job_id, claimed in jobs if verdicts.get(job_id) == SUSPECT]
        if suspects:
            time.sleep(SECOND_LOOK.total_seconds())
            verdicts.update(_judge(connection, suspects))  # still silent: dead
    except RedisError:
        return set()
    return {job_id for job_id, verdict in verdicts.items() if verdict in (DEAD, SUSPECT)}


def _judge(connection: Redis, jobs: list[tuple[str, bool]]) -> dict[str, str]:
    with connection.pipeline(transaction=False) as pipeline:
        for job_id, _ in jobs:
            pipeline.hmget(Job.key_for(job_id), "status", "worker_name", "last_heartbeat")
        records = pipeline.execute()
    verdicts, started = {}, {}
    for (job_id, claimed), (status, worker_name, heartbeat) in zip(jobs, records):
        status = as_text(status) if status else None
        if status is None:
            verdicts[job_id] = ALIVE if claimed else DEAD  # a claim is left to the claim timeout
        elif status in ENDED or (claimed and status in WAITING):
            verdicts[job_id] = DEAD
        elif status == "started" and worker_name:
            started[job_id] = (as_text(worker_name), _moment(heartbeat))
        else:
            verdicts[job_id] = ALIVE
    with connection.pipeline(transaction=False) as pipeline:
        for worker_name, _ in started.values():
            pipeline.hmget(Worker.redis_worker_namespace_prefix + worker_name, "hostname", "pid", "death",
                           "current_job", "last_heartbeat")
        workers = pipeline.execute()
    for (job_id, (_, job_heartbeat)), worker in zip(started.items(), workers):
        verdicts[job_id] = _worker_verdict(job_id, job_heartbeat, *worker)
    return verdicts


def _worker_verdict(job_id, job_heartbeat, hostname, pid, death, current_job, worker_heartbeat) -> str:
    if hostname is None:
        return SUSPECT  # the worker's record expired: dead, or Redis was away longer than its TTL
    if death is not None or (current_job is not None and as_text(current_job) != job_id):
        return DEAD
    if as_text(hostname) == socket.gethostname() and pid is not None:
        return ALIVE if _running(int(pid)) else DEAD
    heartbeat = max(filter(None, (job_heartbeat, _moment(worker_heartbeat))), default=None)
    if heartbeat is None or now_utc() - heartbeat > STALE_HEARTBEAT:
        return SUSPECT
    return ALIVE


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _moment(value) -> datetime | None:
    if not value:
        return None
    moment = utcparse(as_text(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
