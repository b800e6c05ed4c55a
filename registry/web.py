"""Small request helpers shared by every area."""
from __future__ import annotations

import builtins
import json
from urllib.parse import urlsplit

from flask import (
    Response, abort, current_app, get_flashed_messages, has_request_context, make_response, redirect, render_template,
    request, send_file, url_for,
)
from htmx_flask import make_response as htmx_response
from werkzeug.routing import IntegerConverter, ValidationError

# The largest id or number a URL may carry: both engines' 32-bit integer columns. Larger ones
# would overflow in the database (a 500); they answer 404 in a path, 400 in a query string.
MAX_URL_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in every route: at most ``MAX_URL_INT``, so a huge id is a 404, not a 500."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        limit = MAX_URL_INT if max is None else builtins.min(max, MAX_URL_INT)
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=limit, signed=signed)

    def to_python(self, value: str):
        if len(value) > len(str(MAX_URL_INT)):  # never parse a thousand digits
            raise ValidationError()
        return super().to_python(value)


def _bounded(raw: str) -> int | None:
    """``raw`` as an integer, None if it is not one; 400 if it is one too large for a column."""
    raw = raw.strip()
    if not raw.lstrip("-").isdigit():
        return None
    if len(raw.lstrip("-")) > len(str(MAX_URL_INT)):
        abort(400)
    value = int(raw)
    if not 0 <= value <= MAX_URL_INT:
        abort(400)
    return value


def int_arg(name: str, default: int | None = None, args=None) -> int | None:
    """An integer from the query string (``request.args`` unless ``args`` is given).

    Missing or not a number: ``default`` (lists ignore a filter they cannot read, as before).
    A number outside 0…``MAX_URL_INT``: 400, before it can reach the database.
    """
    raw = (request.args if args is None else args).get(name)
    value = None if raw is None else _bounded(str(raw))
    return default if value is None else value


def int_args(name: str, args=None) -> list[int]:
    """Every integer given for ``name`` (``?ids=1&ids=2``), each bounded as in ``int_arg``."""
    values = (_bounded(str(raw)) for raw in (request.args if args is None else args).getlist(name))
    return [value for value in values if value is not None]


def path_for(endpoint: str, **values) -> str:
    """The path of ``endpoint`` (no scheme, no host), in a request or outside one (a job, a command).

    Outside a request ``url_for`` has nothing to build against; the same path is built from the
    URL map under ``PUBLIC_URL``'s path. Mails make it absolute with ``PUBLIC_URL``.
    """
    if has_request_context():
        return url_for(endpoint, **values)
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(public.netloc or "localhost", script_name=public.path or "/")
    return adapter.build(endpoint, values)


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site may be a redirect target after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def send_download(source, mimetype: str, filename: str) -> Response:
    """A stored or built file as a download under ``filename`` (non-ASCII kept as filename*).

    Every download route goes through here; ``registry.core.security`` adds the sandbox, nosniff
    and no-store headers to any ``Content-Disposition: attachment`` response.
    """
    return send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)


def wants_fragment() -> bool:
    """A targeted htmx swap, as opposed to a normal or boosted (full page) request."""
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_fragment(template_name: str, block: str, **context) -> str:
    """One ``{% block %}`` of a template, seeing what it sees when the whole page renders: the
    one block renderer, for htmx fragments (``render_page``) and mails (``notifications.mail``).

    A bare block render misses the template's top-level ``{% from … import %}`` and ``{% set %}``,
    and blocks defined only in a parent layout (the mail layout's ``html``). That is what
    jinja2-fragments' ``render_block`` does (``template.blocks`` and a new context, nothing
    more), so it is not used. Here the template's top level runs first, up to its first output,
    then the block renders.
    """
    app = current_app._get_current_object()
    app.update_template_context(context)
    template = app.jinja_env.get_template(template_name)
    ctx = template.new_context(context)
    try:
        top_level = template.root_render_func(ctx)
        next(top_level, None)  # imports, sets and {% extends %} have run; nothing is kept
        top_level.close()
        if block not in ctx.blocks:
            raise KeyError(f"template {template_name} has no block {block!r}")
        return app.jinja_env.concat(ctx.blocks[block][0](ctx))
    except Exception:  # noqa: BLE001 - Jinja rewrites the traceback to point at the template
        app.jinja_env.handle_exception()


def render_page(template: str, block: str, **context):
    """The full page, or only ``block`` of the same template for a targeted htmx swap.

    One template serves both, so the page and its fragment cannot drift apart.
    """
    if wants_fragment():
        body = render_fragment(template, block, **context)
    else:
        body = render_template(template, **context)
    return body, 200, {"Vary": "HX-Request"}


def redirect_after_post(location: str):
    """After a successful POST: a plain redirect, or ``HX-Redirect`` for an htmx swap."""
    if request.htmx and not request.htmx.boosted:
        return htmx_response("", redirect=location)
    return redirect(location)


MESSAGE_EVENT = "registry:message"
# The event a response sends when it changed figures shown elsewhere on the page: the model
# page's tiles listen for it (``hx-trigger="figures-changed from:body"``) and reload.
FIGURES_CHANGED = "figures-changed"
_LEAVES_PAGE = ("HX-Redirect", "HX-Location", "HX-Refresh")


def htmx_message(response: Response, text: str, category: str = "info") -> Response:
    """Show ``text`` in the page's live region once htmx has swapped ``response`` in.

    For targeted swaps, where no full page (and so no flash area) is rendered. Categories as
    for ``flash``: info, success, error. Several messages on one response are all shown.
    """
    triggers = _triggers(response.headers.get("HX-Trigger"))
    event = triggers.setdefault(MESSAGE_EVENT, {"messages": []})
    event["messages"].append({"text": str(text), "category": category})
    response.headers["HX-Trigger"] = json.dumps(triggers)  # ASCII: headers are latin-1
    return response


def figures_changed(response) -> Response:
    """Tell the page that ``response`` changed figures it shows elsewhere (``FIGURES_CHANGED``)."""
    response = make_response(response)
    triggers = _triggers(response.headers.get("HX-Trigger"))
    triggers[FIGURES_CHANGED] = ""
    response.headers["HX-Trigger"] = json.dumps(triggers)
    return response


def _triggers(header: str | None) -> dict:
    """An HX-Trigger header as a dict, whichever of its two forms it was written in."""
    if not header:
        return {}
    if header.lstrip().startswith("{"):
        return json.loads(header)
    return {name.strip(): "" for name in header.split(",") if name.strip()}


def finish_htmx_response(response: Response) -> Response:
    """After every request: what a targeted htmx swap needs that a full page gets on its own.

    - ``flash()`` messages travel as ``registry:message`` events (no flash area is swapped);
    - a redirect (say, to sign in after the session ended) becomes ``HX-Redirect``: the
      browser would otherwise follow it and swap a whole page into a small target.
    """
    if not wants_fragment():
        return response
    if 300 <= response.status_code < 400 and response.location:
        location = response.location
        response = htmx_response("", redirect=location)
        response.headers["Vary"] = "HX-Request"
        return response
    if not any(header in response.headers for header in _LEAVES_PAGE):
        for category, text in get_flashed_messages(with_categories=True):
            htmx_message(response, text, category)
    return response


def init_app(app) -> None:
    app.after_request(finish_htmx_response)


def register_converters(app) -> None:
    """Before any blueprint adds its rules."""
    app.url_map.converters["int"] = BoundedIntConverter
