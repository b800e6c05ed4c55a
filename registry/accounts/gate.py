"""What every request passes before its view: a signed-in user who must have a second factor and
has not used one is sent to enrolment (or to sign in again with the code); a request whose
session ended is sent to sign in.

Both run before any view, so before ``registry.page_cache`` can answer: a kept page is never
served to a session that ended, nor to one that still owes its second factor.

What a request answers once its session has ended (or without one):

- GET or HEAD: 302 to ``/login?next=<the page>`` with a message; a targeted htmx request gets
  ``HX-Redirect`` to the same address (``registry.web.finish_htmx_response``).
- any other method (a form sent after the session ended): nothing of it is done; 401 with the
  header ``X-Session-Ended: 1``. A targeted htmx request gets an empty body and
  ``HX-Trigger: {"registry:session-ended": {"url": "/login?next=<the page it was sent from>"}}``
  (static/js/app.js goes there; whatever keeps the form's text in the browser hooks onto that
  event). A normal or boosted request gets the sign-in page itself, whose ``next`` is the page
  the form was sent from (its Referer, when it is one of ours), so after signing in the user is
  back on the form.
"""
from __future__ import annotations

import json

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_url

from registry.accounts import sessions
from registry.accounts.forms import LoginForm
from registry.extensions import db
from registry.web import safe_next_url, wants_fragment

# What a user owing a second factor may still reach: enrolment itself and what every page needs.
BEFORE_SECOND_FACTOR = {"accounts.second_factor_setup", "accounts.logout", "accounts.set_language", "static",
                        "core.healthz", "notifications.bell"}


def _referring_page() -> str | None:
    referrer = request.referrer or ""
    root = request.host_url.rstrip("/")
    return safe_next_url(referrer[len(root):]) if referrer.startswith(root + "/") else None


def unauthorized():
    ended = g.get("session_ended")
    message = _("Your session has ended. Sign in again.") if ended else str(current_app.login_manager.login_message)
    if request.method in ("GET", "HEAD"):
        flash(message, "info")
        return redirect(login_url("accounts.login", request.url))
    back = _referring_page() or url_for("core.home")
    if wants_fragment():
        event = {"registry:session-ended": {"url": login_url("accounts.login", back)},
                 "registry:message": {"messages": [{"text": message, "category": "error"}]}}
        return "", 401, {"HX-Trigger": json.dumps(event), "X-Session-Ended": "1", "Vary": "HX-Request"}
    flash(message, "info")
    form = LoginForm(formdata=None, next=back)
    return render_template("accounts/login.html", form=form), 401, {"X-Session-Ended": "1"}


def second_factor_gate():
    if not current_app.config["SECOND_FACTOR_REQUIRED"] or request.endpoint in BEFORE_SECOND_FACTOR:
        return None
    if request.endpoint is None or not current_user.is_authenticated:
        return None
    record = sessions.current()
    if record is None or record.second_factor or not current_user.role_needs_second_factor:
        return None
    if current_user.has_second_factor:
        # Enrolled since this session began without the code (in another browser): sign in again.
        sessions.end_current()
        db.session.commit()
        flash(_("Sign in again with the code from your authenticator app."), "info")
        return redirect(url_for("accounts.login"))
    if request.method == "GET":
        flash(_("Your role requires a second factor. Set it up now to continue."), "info")
    return redirect(url_for("accounts.second_factor_setup"), 303)


def init_app(app, login_manager) -> None:
    login_manager.unauthorized_handler(unauthorized)
    app.before_request(second_factor_gate)
