"""The signed-in user's notifications: the bell in the header, the list, marking as read."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user, login_required
from htmx_flask import make_response as htmx_response

from registry.extensions import db
from registry.accounts.sessions import passive
from registry.notifications import bp, queries, service
from registry.notifications.mail import render_summary
from registry.web import redirect_after_post, render_page, wants_fragment

CHANGED = "notifications-changed"


def _page():
    notifications = queries.for_user(current_user.id)
    items = [(n, render_summary(n)) for n in notifications]
    return render_page("notifications/index.html", "list", items=items, unread=queries.unread_count(current_user.id))


@bp.get("/notifications")
@login_required
def index():
    """The user's notifications, newest first (only their own; sign-in required)."""
    return _page()


@bp.get("/notifications/bell")
@passive
def bell():
    """The header bell with the unread count; empty (204) once the session has ended."""
    if not current_user.is_authenticated:
        return "", 204
    return render_template("notifications/_bell.html", unread=queries.unread_count(current_user.id))


def _after_marking():
    if wants_fragment():
        body, status, headers = _page()
        response = htmx_response(body, trigger=CHANGED)
        response.headers.update(headers)
        return response
    return redirect_after_post(url_for(".index"))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark one of the user's notifications read; 404 for anyone else's."""
    if queries.owned_by(current_user.id, notification_id) is None:
        abort(404)
    service.mark_read(current_user.id, notification_id)
    db.session.commit()
    return _after_marking()


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    """Mark every notification of the user read."""
    service.mark_read(current_user.id)
    db.session.commit()
    return _after_marking()
