"""An ``rq worker`` class that runs every job inside the registry's app context.

Start it with the standard RQ command line (``--with-scheduler`` moves retries whose delay
has passed back to their queue; without it a mail retried after a temporary SMTP failure
would wait forever)::

    rq worker --url "$REDIS_URL" --worker-class jobs.worker.AppWorker --with-scheduler mail default

Checked with RQ 2.x: the work horse is a fork of the worker, ``perform_job(job, queue)`` runs
in it, and ``get_current_job()`` works inside the job.
"""
from __future__ import annotations

import logging

from rq import Worker

from registry import create_app
from registry.extensions import db


class AppWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = create_app()
        # RQ logs through its own handler; the app's root handler would print every line twice.
        logging.getLogger("rq").propagate = False

    def perform_job(self, job, queue):
        with self.app.app_context():
            # The work horse is a fork: never share the parent's pooled connections.
            db.engine.dispose(close=False)
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()
