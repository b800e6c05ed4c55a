"""403, 404, 413 and 500 in the application's own layout.

A file over ``MAX_CONTENT_LENGTH`` is refused by Werkzeug before any view runs (413). A
targeted htmx swap gets no page then: the answer carries the message, with the limit, as a
``registry:message`` event (and a small fragment), so the form says "file too large"
instead of a generic failure.
"""
from flask import current_app, render_template
from flask_babel import gettext as _
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
        return render_template("errors/error.html", status=400, csrf=True), 400
