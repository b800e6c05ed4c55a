from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER
from registry.core import bp, home as work
from registry.clock import today
from registry.extensions import db
from registry.movement.models import STATUSES
from registry.nominations.assessors import awaiting_score
from registry.nominations.models import NOMINATION_STATUSES
from registry.queue import queue_state
from registry.tenants.scoping import national_scope


@bp.get("/")
@login_required
def home():
    """What needs doing, per role: reviews due and returned nominations in the user's provinces
    (with the province's figures for its admins), the nominations queue for ministry
    reviewers; ministry admins go to the national dashboard."""
    if current_user.ministry_role == MINISTRY_ADMIN:
        return redirect(url_for("national.dashboard"))
    day = today()
    provinces = [work.province_work(m, day) for m in sorted(current_user.memberships, key=lambda m: m.province.name)]
    queue = work.nomination_queue() if current_user.ministry_role == MINISTRY_REVIEWER else None
    awaiting = []
    if queue is not None:
        with national_scope():
            awaiting = awaiting_score(current_user)
    return render_template("core/home.html", provinces=provinces, queue=queue, today=day, awaiting=awaiting,
                           unread=current_user.unread_notifications,
                           model_statuses=STATUSES, nomination_statuses=NOMINATION_STATUSES)


@bp.get("/healthz")
def healthz():
    """200 with the database's and the queue's state; 503 when the database is down."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        db.session.rollback()
        database = "unavailable"
    body = {"database": database, "queue": queue_state()}
    return body, 200 if database == "ok" else 503
