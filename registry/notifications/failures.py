"""Mail the mail server refused, listed for those who can act on it, who may send it again.

Province admins see their province's page here; the ministry's operations page lists the
rest (``registry.outbox.queries`` says who sees what). Both send again through ``resend``.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, url_for
from flask_babel import gettext as _, ngettext
from sqlalchemy import Select

from registry.accounts.permissions import province_admin_required, require_province_admin
from registry.extensions import db
from registry.notifications import service
from registry.notifications.forms import ResendForm
from registry.notifications.mail import render_summary
from registry.outbox import queries
from registry.web import redirect_after_post, render_page

province_bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def listed_failures(statement: Select) -> list[tuple]:
    """(notification, one line about it) for each refusal ``statement`` lists, newest first."""
    return [(n, render_summary(n)) for n in queries.listed(statement)]


def resend(statement: Select, form: ResendForm, back: str):
    """Send again the ticked refusals (or all that ``statement`` lists), then back to the list.

    Ids that the list does not hold (another province's, already resent) are ignored.
    """
    if not form.validate_on_submit():
        flash(_("The selection could not be read; tick the mails again."), "error")
        return redirect_after_post(back)
    chosen = queries.listed(statement) if form.send_all.data else queries.chosen(statement, form.selected.data or [])
    if not chosen:
        flash(_("Tick the mails to send again, or send them all."), "error")
        return redirect_after_post(back)
    resent, empty = service.send_again(chosen)
    db.session.commit()
    if resent:
        flash(ngettext("%(num)s mail will be sent again.", "%(num)s mails will be sent again.", resent), "success")
    if empty:
        flash(ngettext("%(num)s digest had nothing left to send: a later digest carried its items.",
                       "%(num)s digests had nothing left to send: a later digest carried their items.", empty), "info")
    return redirect_after_post(back)


def listed_or_404(statement: Select, notification_id: int) -> list:
    """The refused mail ``notification_id`` as a one-item list; 404 unless ``statement`` lists it."""
    found = queries.chosen(statement, [notification_id])
    if not found:
        abort(404)
    return found


def resend_one(found: list, back: str):
    """Send one refused mail (``listed_or_404``) again, then back to the list."""
    service.send_again(found)
    db.session.commit()
    flash(_("The mail to %(email)s will be sent again.", email=found[0].user.email), "success")
    return redirect_after_post(back)


@province_bp.get("/failures")
@province_admin_required
def failures():
    """Mail refused to people of this province (province admins; 403 otherwise)."""
    items = listed_failures(queries.province_failures(g.province.id))
    return render_page("notifications/failures.html", "content", items=items, form=ResendForm(),
                       resend_url=url_for(".resend_failures"), retry_endpoint=".retry")


@province_bp.post("/failures/resend")
@province_admin_required
def resend_failures():
    """Send the ticked refusals (or all) again; refusals this page does not list are ignored."""
    return resend(queries.province_failures(g.province.id), ResendForm(), url_for(".failures"))


@province_bp.post("/failures/<int:notification_id>/retry")
def retry(notification_id: int):
    """Send one refused mail again; 404 unless this province's page lists it, 403 unless a province admin."""
    found = listed_or_404(queries.province_failures(g.province.id), notification_id)
    require_province_admin()
    return resend_one(found, url_for(".failures"))
