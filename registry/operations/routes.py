from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext as _
from redis.exceptions import RedisError

from registry.accounts.models import MINISTRY_ADMIN
from registry.accounts.permissions import ministry_role_required
from registry.clock import now_utc
from registry.core.formatting import translated
from registry.notifications.models import STATUS_LABELS
from registry.notifications.queries import outbox_figures
from registry.operations import bp, queries
from registry.queue import queue_state, redis_connection
from registry.web import redirect_after_post, render_page


def _queues() -> dict:
    connection = redis_connection()
    if connection is None or queue_state() != "ok":
        return {}
    try:
        return {"queues": queries.queue_figures(connection), "processes": queries.process_figures(connection),
                "failed_jobs": queries.failed_jobs(connection)}
    except RedisError:
        return {}


@bp.get("/")
@ministry_role_required(MINISTRY_ADMIN)
def index():
    """Queues, failed jobs and the outbox (ministry admins; 403 for anyone else)."""
    outbox = outbox_figures()
    oldest = outbox["oldest_undelivered"]
    age_minutes = int((now_utc() - oldest).total_seconds() // 60) if oldest else None
    return render_page("operations/index.html", "content", state=queue_state(), outbox=outbox,
                       age_minutes=age_minutes, statuses=translated(STATUS_LABELS), **_queues())


@bp.post("/failed/<job_id>/retry")
@ministry_role_required(MINISTRY_ADMIN)
def retry(job_id: str):
    """Put a failed job back on its queue; 404 if it is not among the failed jobs."""
    connection = redis_connection()
    if connection is None or not queries.requeue_failed(connection, job_id):
        abort(404)
    flash(_("The job was put back on its queue."), "success")
    return redirect_after_post(url_for(".index"))
