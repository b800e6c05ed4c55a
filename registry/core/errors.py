"""403, 404 and 500 in the application's own layout."""
from flask import render_template
from flask_wtf.csrf import CSRFError


def init_app(app) -> None:
    def page(status: int):
        def handler(error):
            return render_template("errors/error.html", status=status), status

        return handler

    for status in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(status, page(status))

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        return render_template("errors/error.html", status=400, csrf=True), 400
