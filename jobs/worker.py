"""An ``rq worker`` class that runs every job inside the registry's app context.

Start it with the standard RQ command line::

    rq worker --url "$REDIS_URL" --worker-class jobs.worker.AppWorker mail default
"""
from __future__ import annotations

from rq import Worker

from registry import create_app
from registry.extensions import db


class AppWorker(Worker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = create_app()

    def perform_job(self, job, queue):
        with self.app.app_context():
            # The work horse is a fork: never share the parent's pooled connections.
            db.engine.dispose(close=False)
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()
