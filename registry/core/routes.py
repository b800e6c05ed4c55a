from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from registry.core import bp
from registry.extensions import db
from registry.queue import queue_state


@bp.get("/")
@login_required
def home():
    """Send each user where their work is: their province, or the ministry's pages."""
    memberships = current_user.memberships
    if len(memberships) == 1 and not current_user.is_ministry:
        return redirect(url_for("province.tenants.home", province=memberships[0].province.slug))
    return render_template("core/home.html", memberships=memberships)


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
