"""Links to pages other areas may or may not have registered yet.

Home pages and dashboards link every figure to the list behind it; those lists belong to other
areas. ``maybe_url`` answers the URL when one of the candidate endpoints (or URL rules, written
as in the area's route, e.g. "/ministry/nominations") is registered, else None, and the
template then shows the figure as plain text.
"""
from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError

def _endpoint(candidate: str) -> str | None:
    if not candidate.startswith("/"):
        return candidate if candidate in current_app.view_functions else None
    # URL rule → endpoint, read once per application: a dashboard asks for hundreds of links.
    by_rule = current_app.extensions.get("endpoints_by_rule")
    if by_rule is None:
        by_rule = current_app.extensions["endpoints_by_rule"] = {}
        for rule in current_app.url_map.iter_rules():
            by_rule.setdefault(rule.rule.rstrip("/"), rule.endpoint)
    return by_rule.get(candidate.rstrip("/"))


def maybe_url(*candidates: str, **values) -> str | None:
    """``url_for`` of the first registered candidate (endpoint or URL rule), else None.

    Values a view does not take become query arguments (filters of the list behind a figure).
    """
    for candidate in candidates:
        endpoint = _endpoint(candidate)
        if endpoint is None:
            continue
        try:
            return url_for(endpoint, **{k: v for k, v in values.items() if v is not None})
        except BuildError:
            continue
    return None


def init_app(app) -> None:
    app.jinja_env.globals["maybe_url"] = maybe_url
