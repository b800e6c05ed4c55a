"""Run a job on RQ when ``REDIS_URL`` is set, in this process otherwise.

Both paths call the same job functions with the same ids, so the embedded default
exercises the code production runs.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry

log = logging.getLogger(__name__)

QUEUES = ("mail", "default")


class QueueUnavailable(RuntimeError):
    """Redis could not take the job; the caller keeps the work for later."""


def redis_connection() -> Redis | None:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    connection = current_app.extensions.get("redis")
    if connection is None:
        connection = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        current_app.extensions["redis"] = connection
    return connection


def get_queue(name: str) -> Queue:
    return Queue(name, connection=redis_connection())


def enqueue(func: Callable[..., Any], *args: Any, queue: str = "default", retry: Retry | None = None,
            job_id: str | None = None, job_timeout: int | None = None):
    """Enqueue ``func(*args)``; without Redis, run it now (``run_here``). Raises QueueUnavailable."""
    if redis_connection() is None:
        return run_here(func, *args)
    try:
        return get_queue(queue).enqueue(func, *args, retry=retry, job_id=job_id, job_timeout=job_timeout)
    except RedisError as error:
        raise QueueUnavailable(str(error)) from error


def run_here(func: Callable[..., Any], *args: Any):
    """Run a job in this process, as a worker would: a failure is logged, not raised.

    It runs after the caller's commit and records its own failure (a notification's
    ``last_error``, an export's status).
    """
    try:
        return func(*args)
    except Exception:  # noqa: BLE001 - the caller's work is committed; the job reports itself
        log.exception("in-process job %s%r failed", func.__name__, args)
        return None


def queue_state() -> str:
    """``in-process``, ``ok`` or ``unavailable`` — for /healthz and the operations page."""
    connection = redis_connection()
    if connection is None:
        return "in-process"
    try:
        connection.ping()
    except RedisError:
        return "unavailable"
    return "ok"
