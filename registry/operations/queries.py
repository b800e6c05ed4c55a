"""Read the state of RQ's queues and registries (with Redis configured)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from redis import Redis
from rq import Queue, Worker
from rq.cron_scheduler_registry import get_keys as cron_scheduler_keys
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from registry.queue import QUEUES, SCHEDULER_LOCK_KEY


@dataclass
class QueueFigures:
    name: str
    waiting: int
    started: int
    scheduled: int
    failed: int


@dataclass
class FailedJob:
    id: str
    queue: str
    description: str
    ended_at: datetime | None
    error: str


def queue_figures(connection: Redis) -> list[QueueFigures]:
    figures = []
    for name in QUEUES:
        queue = Queue(name, connection=connection)
        figures.append(QueueFigures(
            name, queue.count, StartedJobRegistry(queue=queue).count, ScheduledJobRegistry(queue=queue).count,
            FailedJobRegistry(queue=queue).count,
        ))
    return figures


def process_figures(connection: Redis) -> dict:
    """How many workers and schedulers run, and which scheduler fires (holds the lock)."""
    holder = connection.get(SCHEDULER_LOCK_KEY)
    return {"workers": Worker.count(connection=connection), "schedulers": len(cron_scheduler_keys(connection)),
            "firing": holder.decode() if holder else None}


def _last_line(job: Job) -> str:
    result = job.latest_result()
    text = (result.exc_string if result is not None else None) or ""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def failed_jobs(connection: Redis, limit: int = 50) -> list[FailedJob]:
    found = []
    for name in QUEUES:
        registry = FailedJobRegistry(queue=Queue(name, connection=connection))
        jobs = Job.fetch_many(registry.get_job_ids(0, limit - 1), connection=connection)
        found += [FailedJob(job.id, name, job.description or job.func_name, job.ended_at, _last_line(job))
                  for job in jobs if job is not None]
    return sorted(found, key=lambda job: job.ended_at or datetime.min, reverse=True)[:limit]


def requeue_failed(connection: Redis, job_id: str) -> bool:
    """Put a failed job back on its queue; False if no queue's failed registry holds it."""
    for name in QUEUES:
        registry = FailedJobRegistry(queue=Queue(name, connection=connection))
        if job_id in registry:
            registry.requeue(job_id)
            return True
    return False
