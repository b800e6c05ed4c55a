"""Mail that could not be delivered, listed for the province's admins, who may send it again."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, url_for
from flask_babel import gettext as _

from registry.accounts.permissions import province_admin_required, require_province_admin
from registry.extensions import db
from registry.notifications import queries, service
from registry.notifications.mail import render_summary
from registry.web import redirect_after_post, render_page

province_bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@province_bp.get("/failures")
@province_admin_required
def failures():
    """Notifications about this province that could not be mailed (province admins; 403 otherwise)."""
    items = [(n, render_summary(n)) for n in queries.failures_in(g.province.id)]
    return render_page("notifications/failures.html", "content", items=items)


@province_bp.post("/failures/<int:notification_id>/retry")
def retry(notification_id: int):
    """Send a failed notification again; 404 unless it is a failure of this province."""
    notification = queries.failure_in(g.province.id, notification_id)
    if notification is None:
        abort(404)
    require_province_admin()
    service.retry_failed(notification)
    db.session.commit()
    flash(_("The mail to %(email)s will be sent again.", email=notification.user.email), "success")
    return redirect_after_post(url_for(".failures"))
