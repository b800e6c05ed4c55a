"""Every page of the application as each role sees it, for checks that must hold on all of them.

``seed(app)`` fills the test database with the demo data (several provinces, histories,
adoptions, nominations in every state, notifications) plus one row of each kind made by the
route-argument factories of ``tests/route_arguments.py`` in the crawled province; ``urls(app,
values)`` builds every GET page of the app from them; ``crawl(app, email, urls)`` opens each as
that user and yields the HTML pages. ``raw_text(page)`` lists what a person should never read:
message keys (``model.adopted``), field ids (``source_model_id``), and English words left in a
Vietnamese page. Part of the page checks that other suites (links, navigation) build on.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import select

from registry.accounts.models import User
from registry.accounts.sessions import sign_in_client
from registry.demo import seed_demo
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.tenants.scoping import national_scope
from tests.factories import province
from tests.route_arguments import ROUTE_ARGUMENTS

SLUG = "quang-tri"
# One demo account per role (registry.demo), signed in by id: no password round trip.
ROLES = {
    "officer": "canbo.quang-tri@demo.vn",
    "province_admin": "quantri.quang-tri@demo.vn",
    "viewer": "xem.quang-tri@demo.vn",
    "ministry_reviewer": "thamdinh1@bocongan.demo.vn",
    "ministry_admin": "quantri@bocongan.demo.vn",
}
# Pages that are not pages: machine answers, files, and the endpoints only a link from a mail opens.
NOT_PAGES = {"static", "core.healthz", "notifications.bell", "province.replication.ward_options",
             "province.replication.model_options",
             "province.movement.similar"}
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "data-label", "data-confirm", "hx-confirm")


def seed(app, slug: str = SLUG) -> dict[str, list]:
    """Demo data, then one row per URL argument in ``slug``; the values each argument can take
    there (every model and nomination of the province, for the pages of one of them)."""
    with app.app_context():
        for _line in seed_demo():
            pass
        owner = province(slug)
        values = {name: [factory(owner)] for name, factory in ROUTE_ARGUMENTS.items()}
        db.session.commit()
        with national_scope():
            values["model_id"] += models_of(owner.id)
            values["nomination_id"] += list(db.session.scalars(
                select(Nomination.id).where(Nomination.province_id == owner.id).order_by(Nomination.id)))
    return values


def models_of(province_id: int) -> list[int]:
    with national_scope():
        return list(db.session.scalars(
            select(MovementModel.id).where(MovementModel.province_id == province_id).order_by(MovementModel.id)))


def urls(app, values: dict[str, list], slug: str = SLUG) -> list[str]:
    """Every GET page of the app, with each argument from ``values`` (rules needing an argument
    with no value, such as a mailed token, are left out)."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        arguments = rule.arguments - {"province"}
        if not arguments <= set(values):
            continue
        # A page of one thing is opened for each of its values; pages of two, for the first ones.
        choices = values[next(iter(arguments))] if len(arguments) == 1 else [None]
        for choice in choices:
            filled = {name: choice if choice is not None else values[name][0] for name in arguments}
            if "province" in rule.arguments:
                filled["province"] = slug
            found.append(rule.build(filled, append_unknown=False)[1])
    return sorted(set(found))


@dataclass(frozen=True)
class Page:
    role: str
    url: str
    status: int
    html: str


def crawl(app, role: str, pages: list[str], email: str | None = None) -> Iterator[Page]:
    """``pages`` opened by the demo user of ``role`` (or ``email``); HTML pages only (files and
    redirects are skipped)."""
    client = app.test_client()
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == (email or ROLES[role])))
    sign_in_client(client, user_id)
    for url in pages:
        response = client.get(url)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            yield Page(role, url, response.status_code, response.get_data(as_text=True))


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script and style, and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden, self._closing = 0, []

    def handle_starttag(self, tag, attrs):
        language = dict(attrs).get("lang")
        if tag in ("script", "style", "template") or (language and not language.startswith("vi")):
            self._hidden += 1  # not read, or marked as written in another language on purpose
            self._closing.append(tag)
        self.pieces.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if self._closing and self._closing[-1] == tag:
            self._closing.pop()
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.pieces


# A Vietnamese syllable written without its diacritics ("thuong", "lam", "quan"): what an
# English word that slipped through ("digested", "held", "sent") is not.
SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
# Names that read the same in both languages.
SAME_IN_BOTH = {"csv", "xlsx", "excel", "pdf", "word", "email", "zalo", "camera", "cameras", "menu", "english",
                "mb", "kb", "redis", "cron", "worker", "url", "utf", "smtp", "rq", "id", "ok", "cn", "web", "online",
                "wifi", "internet", "gps", "sms", "facebook", "youtube", "tphcm", "dd", "mm", "yyyy"}
DOTTED_KEY = re.compile(r"(?<![\w@./-])[a-z][a-z_]*\.[a-z_]+(?:\.[a-z_]+)*(?![\w@/-])")
SNAKE_ID = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w@/-])")
FILE_OR_HOST = re.compile(r"\.(pdf|xlsx?|csv|docx?|png|jpe?g|webp|vn|com|net|org|local|eml)$")
WORD = re.compile(r"[A-Za-z]+")


def _english(piece: str) -> list[str]:
    if re.search(r"[^\x00-\x7f]", piece) or "@" in piece or "://" in piece:
        return []  # Vietnamese written with its diacritics, an address, or a link
    words = WORD.findall(piece)
    foreign = [w for w in words if w.lower() not in SAME_IN_BOTH and not SYLLABLE.match(w.lower())]
    return foreign if words and len(foreign) * 2 >= len(words) else []


def raw_text(page: Page, vietnamese: bool = True) -> list[str]:
    """What ``page`` shows that no person should read: keys, ids, English in a Vietnamese page."""
    found = []
    for piece in visible_text(page.html):
        for key in DOTTED_KEY.findall(piece):
            if not FILE_OR_HOST.search(key):
                found.append(f"key {key!r} in {piece[:80]!r}")
        found.extend(f"id {name!r} in {piece[:80]!r}" for name in SNAKE_ID.findall(piece))
        if vietnamese and _english(piece):
            found.append(f"English {piece[:80]!r}")
    return found


@dataclass(frozen=True)
class Link:
    url: str  # path and query, no fragment
    method: str  # GET for links and hx-get, the form's method for an action
    attribute: str


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Link] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "hx-get"):
            if tag != "link" and attributes.get(name):
                self.found.append(Link(attributes[name], "GET", name))
        if tag == "form" and attributes.get("action"):
            self.found.append(Link(attributes["action"], (attributes.get("method") or "get").upper(), "action"))
        for name in ("hx-post", "hx-delete", "hx-put", "hx-patch"):
            if attributes.get(name):
                self.found.append(Link(attributes[name], name[3:].upper(), name))


def internal_links(html: str) -> list[Link]:
    """Every link of the page to this site (href, hx-get, a form's action, hx-post), without
    fragments; static files, mail and outside addresses left out."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    links = []
    for link in parser.found:
        url = link.url.split("#", 1)[0]
        if not url.startswith("/") or url.startswith("//") or url.startswith("/static/"):
            continue
        links.append(Link(url, link.method, link.attribute))
    return links
