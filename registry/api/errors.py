"""Errors of the JSON API as ``application/problem+json`` (RFC 9457), in the caller's language.

Every error of an API request, whoever raised it (a view's ``abort(404)`` through
``get_owned_or_404``, a refused token, a rate limit, a crash), answers the same shape::

    {"type": "about:blank", "title": "Not found", "status": 404, "detail": "…", "code": "not_found",
     "errors": {"name": ["Enter the model's name."]}}

``code`` is stable for programs; ``title`` and ``detail`` are for people; ``errors`` maps a field
(``values.crimes_social_order``, ``sites.3.ward`` for the fourth row) to its messages.
"""
from __future__ import annotations

import logging
import time
from math import ceil

from flask import current_app, request

from registry.core.formatting import API_PREFIX
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, default_exceptions
from werkzeug.routing import RequestRedirect
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    406: _l("Not acceptable"),
    409: _l("Conflict"),
    412: _l("Precondition failed"),
    413: _l("Request too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid data"),
    428: _l("Precondition required"),
    429: _l("Too many requests"),
    500: _l("Server error"),
}
DETAILS = {
    400: _l("The request could not be understood."),
    403: _l("Your role does not allow this."),
    404: _l("This does not exist, or is not yours to see."),
    405: _l("This address does not accept this method."),
    413: _l("The request is larger than the server accepts."),
    415: _l("Send the body as JSON (Content-Type: application/json)."),
    429: _l("Too many requests with this token. Wait a moment and try again."),
    500: _l("Something went wrong on the server. Try again later."),
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         406: "not_acceptable", 409: "conflict", 412: "precondition_failed", 413: "too_large",
         415: "unsupported_media_type", 422: "validation_failed", 428: "precondition_required",
         429: "rate_limited", 500: "server_error"}


class Problem(Exception):
    """Raise to answer an API request with a problem document."""

    def __init__(self, status: int, detail=None, *, code: str | None = None, errors: dict | None = None,
                 headers: dict | None = None, **extra):
        super().__init__(status, code)
        self.status, self.detail, self.code = status, detail, code or CODES.get(status, "error")
        self.errors, self.headers, self.extra = errors, headers or {}, extra


def invalid(errors: dict, detail=None) -> Problem:
    """422 with the field map: what a form shows next to its fields."""
    return Problem(422, detail or _l("Some values are not valid: see errors."), errors=errors)


def problem_response(problem: Problem):
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(problem.status) or HTTP_STATUS_CODES.get(problem.status, "")),
        "status": problem.status,
        "detail": str(problem.detail or DETAILS.get(problem.status, TITLES.get(problem.status, ""))),
        "code": problem.code,
        "instance": request.path,
    }
    if problem.errors is not None:
        body["errors"] = {field: [str(message) for message in messages] for field, messages in problem.errors.items()}
    body.update(problem.extra)
    response = current_app.json.response(body)
    response.status_code = problem.status
    response.mimetype = MEDIA_TYPE
    response.headers.update(problem.headers)
    return response


def _from_http_exception(error: HTTPException):
    status = error.code or 500
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if status == 429:
        headers["Retry-After"] = str(_seconds_to_wait())
    if status >= 500:
        log.error("API request %s %s failed", request.method, request.path, exc_info=error.__cause__ or error)
    return problem_response(Problem(status, headers=headers))


def _seconds_to_wait() -> int:
    """Until the breached limit's window resets (Flask-Limiter keeps it for the request)."""
    from registry.extensions import limiter

    breached = limiter.current_limit
    return max(1, ceil(breached.reset_at - time.time())) if breached is not None else 60


def _handle(error):
    if isinstance(error, Problem):
        return problem_response(error)
    if isinstance(error, HTTPException):
        return _from_http_exception(error)
    raise error


def answer_unrouted():
    """Before any view (an app-wide hook): an address under ``/api/`` that no API route has, or
    not for this method, gets a problem document instead of the pages' HTML error page."""
    error = request.routing_exception
    if error is None or not request.path.startswith(API_PREFIX) or isinstance(error, RequestRedirect):
        return None
    if isinstance(error, MethodNotAllowed) and not _exists_for_another_method(error):
        error = NotFound()  # an id past the URL's integer bound: Werkzeug says 405, there is no such record
    return _from_http_exception(error) if isinstance(error, HTTPException) else None


def _exists_for_another_method(error: MethodNotAllowed) -> bool:
    other = next(iter(set(error.valid_methods or ()) - {"HEAD", "OPTIONS"}), None)
    try:
        current_app.url_map.bind_to_environ(request.environ).match(method=other)
    except HTTPException:
        return False
    return other is not None


def register(bp) -> None:
    """Answer every error of ``bp``'s views as a problem document, whatever its status: handlers
    by status code, so they win over the pages' HTML handlers registered on the app."""
    bp.register_error_handler(Problem, _handle)
    for status in default_exceptions:
        bp.register_error_handler(status, _handle)


def unauthorized(detail, error: str = "invalid_token") -> Problem:
    """401 with the challenge of RFC 6750: a missing, unknown, expired or revoked token."""
    challenge = 'Bearer realm="api"' if error is None else f'Bearer realm="api", error="{error}"'
    return Problem(401, detail, code=error or "unauthorized", headers={"WWW-Authenticate": challenge})


def insufficient_scope() -> Problem:
    return Problem(403, _l("This token may only read: make a token with the write scope."), code="insufficient_scope",
                   headers={"WWW-Authenticate": 'Bearer realm="api", error="insufficient_scope", scope="write"'})
