"""Pages kept in each web process, so a page asked for again unchanged is neither queried nor
rendered again.

A page is kept under everything it shows:

- the request: endpoint, path and query, and the htmx headers that choose a fragment;
- the viewer: user, name, ministry role, memberships and roles, the bell's count, language;
- Vietnam's day (what is due or overdue changes with it);
- the versions of the data it reads (``registry.versioning`` raises them in the
  transaction of every write): its province's for a province page, the sum over every
  province for a national one (catalogue, ministry queue).

Versions only grow, so a key is never reused for other data, in any process. A page kept
longer than ``MAX_AGE_SECONDS`` is rendered again whatever its key: that bounds how long
anything the versions do not cover could show stale (a page of one province naming a model
of another). Only 200 answers to GET are kept, never while a flashed message waits to be
shown. The CSRF token belongs to the session: it is cut out of the kept page and the
requester's own is put back in.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select

from registry.clock import today
from registry.extensions import db
from registry.tenants.models import Province

PROVINCE, NATIONAL = "province", "national"
MAX_AGE_SECONDS = 300
MAX_BYTES = 32 * 1024 * 1024  # per process; a page weighs 10-100 KB (a province's sites list 600 KB)
CSRF_HOLE = b"\x00csrf-token\x00"
# The htmx request headers a view may choose its fragment by.
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-Trigger", "HX-Trigger-Name",
                "HX-History-Restore-Request")
_UNKEPT_HEADERS = {"Set-Cookie", "Content-Length"}
# Every province's version summed: it grows with any of them. Built once, as it runs on every national page.
_NATIONAL_VERSION = select(func.sum(Province.data_version))


@dataclass(frozen=True)
class _Page:
    body: bytes  # UTF-8, as sent
    headers: tuple[tuple[str, str], ...]
    kept_at: float

    def response(self) -> Response:
        body = self.body.replace(CSRF_HOLE, generate_csrf().encode()) if CSRF_HOLE in self.body else self.body
        return Response(body, 200, list(self.headers))


class PageCache:
    """A store of rendered pages bounded in bytes, the least recently used going first; safe
    across threads."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_age: float = MAX_AGE_SECONDS):
        self.max_bytes, self.max_age = max_bytes, max_age
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.kept_at > self.max_age:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: _Page) -> None:
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: tuple) -> None:
        self._bytes -= len(self._pages.pop(key).body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


def init_app(app) -> None:
    app.extensions["page_cache"] = PageCache()


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def kept(scope: str = PROVINCE):
    """Serve the view's page from the cache while nothing it shows has changed.

    ``scope`` names the data the page reads: ``PROVINCE`` (the province of the URL, under the
    province blueprint) or ``NATIONAL`` (rows of every province). Put it inside the decorators
    that check access, so a refused request never reaches the cache.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            key = _key(scope)
            page = page_cache().get(key) if key else None
            if page is not None:
                return page.response()
            response = make_response(view(*args, **kwargs))
            if key and response.status_code == 200 and not response.is_streamed:
                page_cache().put(key, _kept(response))
            return response

        return wrapped

    return decorator


def _key(scope: str) -> tuple | None:
    if request.method != "GET" or session.get("_flashes"):
        return None
    user = current_user
    viewer = (user.id, user.display_name, user.ministry_role, user.unread_notifications,
              tuple(sorted((m.province_id, m.role) for m in user.memberships)))
    if scope == PROVINCE:
        versions = (g.province.id, g.province.data_version)
    else:
        versions = (NATIONAL, db.session.scalar(_NATIONAL_VERSION))
    return (request.endpoint, request.full_path, tuple(request.headers.get(name) for name in HTMX_HEADERS),
            viewer, str(get_locale()), today(), versions)


def _kept(response: Response) -> _Page:
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token:
        body = body.replace(token.encode(), CSRF_HOLE)
    headers = tuple((name, value) for name, value in response.headers.items() if name not in _UNKEPT_HEADERS)
    return _Page(body, headers, time.monotonic())
