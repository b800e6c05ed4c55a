"""Small request helpers shared by every area."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request
from htmx_flask import make_response as htmx_response
from jinja2_fragments.flask import render_block


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site may be a redirect target after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def wants_fragment() -> bool:
    """A targeted htmx swap, as opposed to a normal or boosted (full page) request."""
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_page(template: str, block: str, **context):
    """The full page, or only ``block`` of the same template for a targeted htmx swap.

    One template serves both, so the page and its fragment cannot drift apart.
    """
    if wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    return body, 200, {"Vary": "HX-Request"}


def redirect_after_post(location: str):
    """After a successful POST: a plain redirect, or ``HX-Redirect`` for an htmx swap."""
    if request.htmx and not request.htmx.boosted:
        return htmx_response("", redirect=location)
    return redirect(location)
