"""Error pages in the application's own layout, and what a form posted too late gets.

A form posted without a valid session (it ended, or the user signed out in another tab: the
CSRF check refuses it first) or with a token that expired is never answered with a bare 400:
what was typed is kept by the browser (``static/js/drafts.js``), and the answer leads back to
the form, where it comes back:

- signed out: the sign-in page, then the page the form was on;
- still signed in, token expired: the page the form was on at once.

Both say so in a message marked ``kept`` (``_flash.html``), which also tells the script that
the form was not saved. Only "the POST was refused because the session is gone" is relied on,
not how sessions are stored.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login.utils import login_url
from flask_wtf.csrf import CSRFError

from registry.extensions import login_manager
from registry.web import safe_next_url

KEPT = "kept"  # flash category: the form was not saved, its draft is kept in the browser


def form_page() -> str:
    """The page the refused form was on (htmx says it; a browser's Referer otherwise), on this
    site only; else the home page."""
    for header in ("HX-Current-URL", "Referer"):
        parts = urlsplit(request.headers.get(header, ""))
        if parts.netloc and parts.netloc != request.host:
            continue
        page = safe_next_url(parts.path + (f"?{parts.query}" if parts.query else ""))
        if page:
            return page
    return url_for("core.home")


def sign_in_again():
    """Flask-Login's answer to a request without a signed-in user: to sign-in, then back.

    A page asked for comes back after sign-in; a form posted after the session ended leads
    back to the form's page, whose draft the browser kept."""
    if request.method in ("GET", "HEAD"):
        flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(login_url(login_manager.login_view, request.url))
    flash(_("Your session had ended, so nothing was saved. Sign in again: what you typed is kept in this "
            "browser and comes back in the form."), KEPT)
    return redirect(url_for(login_manager.login_view, next=form_page()))


def init_app(app) -> None:
    def page(status: int):
        def handler(error):
            return render_template("errors/error.html", status=status), status

        return handler

    for status in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(status, page(status))

    login_manager.unauthorized_handler(sign_in_again)

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        """A form refused by the CSRF check changed nothing; its sender is led back to it."""
        if (request.endpoint or "").startswith("accounts."):  # sign-in, password, language: open to all
            flash(_("The page had been open too long to be sent. Try again."), "error")
            return redirect(form_page())
        if not current_user.is_authenticated:
            return sign_in_again()
        flash(_("This form had been open too long to be accepted, so nothing was saved. What you typed "
                "is back in the form: check it and send it again."), KEPT)
        return redirect(form_page())
