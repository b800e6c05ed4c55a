"""An ``rq worker`` class that runs every job inside the registry's app context and survives Redis.

Start it with the standard RQ command line (``--with-scheduler`` moves retries whose delay
has passed back to their queue; without it a mail retried after a temporary SMTP failure
would wait forever), listening to the urgent queue first::

    rq worker --url "$REDIS_URL" --worker-class jobs.worker.AppWorker --with-scheduler urgent mail default

Checked with RQ 2.x: the work horse is a fork of the worker, ``perform_job(job, queue)`` runs
in it, and ``get_current_job()`` works inside the job.

**Through a Redis outage.** RQ 2.12's loop retries a refused connection only while it waits
for a job; anywhere else (a heartbeat while a job runs, recording the job's end, the
maintenance, a timeout) it logs "unhandled exception, quitting" and the process exits, so a
busy worker did not outlive a 70 s outage. Here each of those steps waits for Redis instead
(``jobs.reconnect``) and the loop carries on with the same process:

- heartbeats that cannot be sent are skipped (the next one goes 10 s later);
- a job whose end could not be recorded lets its work horse finish, then, once Redis is back,
  is reported failed to RQ, whose ``Retry`` runs it again (a delivery that went out meanwhile
  is ``sent`` in the database, and its retry sends nothing);
- waiting for a job, starting and stopping the worker retry until Redis answers.

The worker also refreshes its record every ``WORKER_HEARTBEAT_SECONDS`` while it works (RQ's
default is 30 s) and cleans RQ's registries every minute (default 10), so that the outbox's
recovery can tell a dead worker's job from a live one within a minute.
"""
from __future__ import annotations

import logging
from uuid import uuid4

from rq import Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import JobStatus

from jobs.reconnect import REDIS_ERRORS, wait_for_redis
from registry import create_app
from registry.extensions import db
from registry.queue import WORKER_HEARTBEAT_SECONDS
from registry.tenants.scoping import system_scope

MAINTENANCE_SECONDS = 60
SETTLED = (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.SCHEDULED, JobStatus.QUEUED,
           JobStatus.STOPPED, JobStatus.CANCELED)


class AppWorker(Worker):
    max_connection_wait_time = 5.0  # RQ's own reconnect back-off while waiting for a job

    def __init__(self, *args, **kwargs):
        kwargs["job_monitoring_interval"] = min(kwargs.get("job_monitoring_interval") or 30, WORKER_HEARTBEAT_SECONDS)
        kwargs["maintenance_interval"] = min(kwargs.get("maintenance_interval") or 600, MAINTENANCE_SECONDS)
        super().__init__(*args, **kwargs)
        self.app = create_app()
        # RQ logs through its own handler; the app's root handler would print every line twice.
        logging.getLogger("rq").propagate = False

    def perform_job(self, job, queue):
        with self.app.app_context(), system_scope():
            # The work horse is a fork: never share the parent's pooled connections.
            db.engine.dispose(close=False)
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()

    # -- surviving Redis ---------------------------------------------------------------------------

    def _wait_for_redis(self, error: Exception) -> bool:
        return wait_for_redis(self.connection, self.log, f"Worker {self.name}", error,
                              stopping=lambda: self._stop_requested)

    def bootstrap(self, *args, **kwargs):
        while True:
            try:
                return super().bootstrap(*args, **kwargs)
            except REDIS_ERRORS as error:
                if not self._wait_for_redis(error):
                    raise
                self.name = uuid4().hex  # a half-written birth must not block the next one

    def teardown(self):
        try:
            super().teardown()
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: could not record its death (%s); its record expires by itself",
                             self.name, error)

    def heartbeat(self, *args, **kwargs):
        try:
            super().heartbeat(*args, **kwargs)
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: heartbeat skipped, Redis unavailable: %s", self.name, error)

    def maintain_heartbeats(self, job):
        try:
            super().maintain_heartbeats(job)
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: heartbeat of job %s skipped, Redis unavailable: %s", self.name, job.id, error)

    def check_for_suspension(self, burst: bool):
        try:
            super().check_for_suspension(burst)
        except REDIS_ERRORS as error:
            self._wait_for_redis(error)

    def run_maintenance_tasks(self):
        try:
            super().run_maintenance_tasks()
        except REDIS_ERRORS as error:
            self._wait_for_redis(error)

    def dequeue_job_and_maintain_ttl(self, timeout, max_idle_time=None):
        while True:
            try:
                return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
            except REDIS_ERRORS as error:
                if not self._wait_for_redis(error):
                    return None

    def execute_job(self, job, queue):
        try:
            super().execute_job(job, queue)
        except REDIS_ERRORS as error:
            self.log.warning("Worker %s: Redis lost during job %s: %s", self.name, job.id, error)
            if self.horse_pid:
                self.wait_for_horse()  # it finishes on its own (its job timeout bounds it)
                self._horse_pid = 0
            if self._wait_for_redis(error):
                self._settle(job, queue, error)

    def _settle(self, job, queue, error: Exception) -> None:
        """Tell RQ how a job ended whose end could not be recorded: failed (RQ's Retry runs it again)."""
        try:
            if job.get_status(refresh=True) in SETTLED:
                return
            queue.intermediate_queue.remove(job.id)
            self.handle_job_failure(job, queue, exc_string=f"Redis was unavailable during the job: {error}")
        except (NoSuchJobError, InvalidJobOperation):
            self.log.warning("Worker %s: job %s is no longer in Redis", self.name, job.id)
        except REDIS_ERRORS as again:
            self.log.warning("Worker %s: job %s left to RQ's clean-up: %s", self.name, job.id, again)
