from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from redis.exceptions import RedisError

from registry.accounts.models import MINISTRY_ADMIN
from registry.accounts.permissions import ministry_role_required
from registry.clock import now_utc
from registry.core.formatting import translated
from registry.notifications.failures import listed_failures, listed_or_404, resend, resend_one
from registry.notifications.forms import ResendForm
from registry.operations import bp, queries
from registry.outbox.queries import ministry_failures, outbox_figures
from registry.outbox.models import DIGESTED, FAILED, HELD, PENDING, QUEUED, SENDING, SENT, SKIPPED
from registry.queue import queue_state, redis_connection
from registry.web import redirect_after_post, render_page

# What each state of the outbox is called on this page (never its code).
STATUS_LABELS = {
    PENDING: _l("Waiting to be queued"), QUEUED: _l("In the queue"), SENDING: _l("Being sent"), SENT: _l("Sent"),
    FAILED: _l("Refused by the mail server"), HELD: _l("Waiting for a digest"), DIGESTED: _l("Sent in a digest"),
    SKIPPED: _l("Not mailed"),
}


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
    """Queues, failed jobs, the outbox and refused mail (ministry admins; 403 for anyone else)."""
    outbox = outbox_figures()
    oldest = outbox["oldest_undelivered"]
    age_minutes = int((now_utc() - oldest).total_seconds() // 60) if oldest else None
    return render_page("operations/index.html", "content", state=queue_state(), outbox=outbox,
                       age_minutes=age_minutes, items=listed_failures(ministry_failures()), form=ResendForm(),
                       resend_url=url_for(".resend_failures"), retry_endpoint=".retry_failure",
                       statuses=translated(STATUS_LABELS), **_queues())


@bp.post("/failed/<job_id>/retry")
@ministry_role_required(MINISTRY_ADMIN)
def retry(job_id: str):
    """Put a failed job back on its queue; 404 if it is not among the failed jobs."""
    connection = redis_connection()
    if connection is None or not queries.requeue_failed(connection, job_id):
        abort(404)
    flash(_("The job was put back on its queue."), "success")
    return redirect_after_post(url_for(".index"))


@bp.post("/failures/resend")
@ministry_role_required(MINISTRY_ADMIN)
def resend_failures():
    """Send the ticked refused mails (or all this page lists) again."""
    return resend(ministry_failures(), ResendForm(), url_for(".index"))


@bp.post("/failures/<int:notification_id>/retry")
@ministry_role_required(MINISTRY_ADMIN)
def retry_failure(notification_id: int):
    """Send one refused mail again (the operations page is the ministry admins' as a whole); 404
    unless this page lists it."""
    return resend_one(listed_or_404(ministry_failures(), notification_id), url_for(".index"))
