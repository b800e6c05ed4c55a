"""The caller's own notifications (what the bell lists): read them, mark them read. Through
``registry.notifications.queries`` and its service, never the rows directly."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from registry.api import bp, paging
from registry.api.openapi import operation
from registry.api.schemas import MarkedOut, NotificationList, NotificationOut, NotificationQuery
from registry.extensions import db
from registry.notifications import queries, service
from registry.notifications.links import absolute_url
from registry.notifications.mail import render_summary

TAG = "Notifications"


def _out(notification) -> NotificationOut:
    return NotificationOut(id=notification.id, kind=notification.kind, summary=render_summary(notification),
                           link=absolute_url(notification.link) if notification.link else "",
                           created_at=notification.created_at, read_at=notification.read_at)


@bp.get("/notifications")
@operation("listNotifications", TAG, ok=NotificationList, query=NotificationQuery, paged=True)
def list_notifications():
    """Your notifications, newest first, each with one line in your language and its link."""
    query: NotificationQuery = g.api_query
    rows, total = queries.page_for_user(current_user.id, query.per_page, paging.offset(query), query.unread)
    return paging.answer(NotificationList, query, total, [_out(n) for n in rows],
                         unread=queries.unread_count(current_user.id))


@bp.post("/notifications/<int:notification_id>/read")
@operation("markNotificationRead", TAG, ok=MarkedOut, parameters={"notification_id": "One of your notifications."})
def mark_read(notification_id: int):
    """Mark one of your notifications read; 404 for anyone else's."""
    if queries.owned_by(current_user.id, notification_id) is None:
        abort(404)
    marked = service.mark_read(current_user.id, notification_id)
    db.session.commit()
    return MarkedOut(marked=marked)


@bp.post("/notifications/read")
@operation("markAllNotificationsRead", TAG, ok=MarkedOut)
def mark_all_read():
    """Mark every notification of yours read."""
    marked = service.mark_read(current_user.id)
    db.session.commit()
    return MarkedOut(marked=marked)
