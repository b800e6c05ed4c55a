"""Run a job on RQ when ``REDIS_URL`` is set, in this process otherwise.

Both paths call the same job functions with the same ids, so the embedded default
exercises the code production runs. A job run in this process works on behalf of the
system, as in a worker: it does not inherit the request's province.

Queues, in the order workers listen to them: ``urgent`` (account mail: a password reset or
an invitation must not wait), ``mail`` (reminders, digests, nominations' notices) and
``default`` (the scan, digests, exports, imports, the dispatcher, the figures).

A web request talks to Redis with short timeouts and no retries, so a hung Redis costs it a
fraction of a second (the work waits in the database for the dispatcher); workers, the
scheduler and commands wait longer.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Callable

from flask import current_app, has_request_context
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry

log = logging.getLogger(__name__)

URGENT, MAIL, DEFAULT = "urgent", "mail", "default"
QUEUES = (URGENT, MAIL, DEFAULT)

# Seconds a web request waits for Redis to connect, and for each answer.
WEB_TIMEOUTS = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
BACKGROUND_TIMEOUTS = {"socket_connect_timeout": 5, "socket_timeout": 30}
# A worker refreshes its record (and its job's) this often while it works (jobs.worker) ...
WORKER_HEARTBEAT_SECONDS = 10
# ... so a record older than this belongs to a worker that is probably gone.
STALE_HEARTBEAT = timedelta(seconds=45)
# Held (SET NX with an expiry, renewed) by the one scheduler that fires (jobs.scheduler).
SCHEDULER_LOCK_KEY = "registry:scheduler:lock"


class QueueUnavailable(RuntimeError):
    """Redis could not take the job; the caller keeps the work for later."""


def redis_connection() -> Redis | None:
    """The app's Redis client: impatient inside a request, patient elsewhere; None without Redis."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    connections = current_app.extensions.setdefault("redis", {})
    kind = "web" if has_request_context() else "background"
    if kind not in connections:
        if kind == "web":
            connections[kind] = Redis.from_url(url, retry=RedisRetry(NoBackoff(), 0), **WEB_TIMEOUTS)
        else:
            connections[kind] = Redis.from_url(url, **BACKGROUND_TIMEOUTS)
    return connections[kind]


def get_queue(name: str) -> Queue:
    return Queue(name, connection=redis_connection())


def enqueue(func: Callable[..., Any], *args: Any, queue: str = DEFAULT, retry: Retry | None = None,
            job_id: str | None = None, job_timeout: int | None = None):
    """Enqueue ``func(*args)``; without Redis, run it now (``run_here``). Raises QueueUnavailable."""
    if redis_connection() is None:
        return run_here(func, *args)
    try:
        return get_queue(queue).enqueue(func, *args, retry=retry, job_id=job_id, job_timeout=job_timeout)
    except RedisError as error:
        raise QueueUnavailable(str(error)) from error


def run_here(func: Callable[..., Any], *args: Any):
    """Run a job in this process, as a worker would: in the system's scope, a failure logged, not raised.

    It runs after the caller's commit and records its own failure (a notification's
    ``last_error``, an export's status).
    """
    from registry.tenants.scoping import system_scope

    try:
        with system_scope():
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
