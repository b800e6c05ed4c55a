"""Error pages in the application's own layout (403, 404, 413, 500), and what a form posted too
late gets.

A file over ``MAX_CONTENT_LENGTH`` is refused by Werkzeug before any view runs (413). A
targeted htmx swap gets no page then: the answer carries the message, with the limit, as a
``registry:message`` event (and a small fragment), so the form says "file too large"
instead of a generic failure.

A form posted without a valid session (it ended, or the user signed out in another tab: the
CSRF check refuses it first) or with a token that expired is never answered with a bare 400:
what was typed is kept by the browser (``static/js/drafts.js``), and the answer leads back to
the form, where it comes back:

- signed out: the sign-in page (``registry.accounts.gate.unauthorized``), then the page the
  form was on;
- still signed in, token expired: the page the form was on at once.

Both say so in a message marked ``kept`` (``_flash.html``), which also tells the script that
the form was not saved. Only "the POST was refused because the session is gone" is relied on,
not how sessions are stored.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import escape

from registry.uploads import human_size
from registry.web import htmx_message, wants_fragment


def too_large_text() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return _("The file is larger than the limit of %(size)s. Choose a smaller file and try again.",
             size=human_size(limit))


def _too_large(error):
    if wants_fragment():
        text = too_large_text()
        response = current_app.make_response((f'<p class="error" role="alert">{escape(text)}</p>', 413))
        return htmx_message(response, text, "error")
    return render_template("errors/error.html", status=413, too_large=too_large_text()), 413

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


def kept_message() -> str:
    """What a form refused for want of a session says: nothing saved, the text kept here."""
    return _("Your session had ended, so nothing was saved. Sign in again: what you typed is kept in this "
             "browser and comes back in the form.")


def init_app(app) -> None:
    def page(status: int):
        def handler(error):
            return render_template("errors/error.html", status=status), status

        return handler

    for status in (400, 403, 404, 405, 500):
        app.register_error_handler(status, page(status))
    app.register_error_handler(413, _too_large)

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        """A form refused by the CSRF check changed nothing; its sender is led back to it."""
        if (request.endpoint or "").startswith("accounts."):  # sign-in, password, language: open to all
            flash(_("The page had been open too long to be sent. Try again."), "error")
            return redirect(form_page())
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        flash(_("This form had been open too long to be accepted, so nothing was saved. What you typed "
                "is back in the form: check it and send it again."), KEPT)
        return redirect(form_page())
