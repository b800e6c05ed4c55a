"""Every page of every role, over the demo data and one row of each kind: none fails, none shows
a raw key, an id or English in the Vietnamese interface; mails read as plain text."""
from __future__ import annotations

from sqlalchemy import select

from registry.extensions import db
from registry.notifications.mail import build_message
from registry.outbox.models import Notification
from registry.demo import DEMO_PROVINCES
from tests.factories import province
from tests.pages import ROLES, SLUG, Page, crawl, models_of, raw_text, seed, urls


def test_every_page_of_every_role_reads_as_words(app):
    values = seed(app)
    pages = urls(app, values)
    assert len(pages) >= 45
    problems, seen = [], 0
    for role in ROLES:
        for page in crawl(app, role, pages):
            seen += 1
            if page.status >= 500:
                problems.append(f"{role} {page.url}: {page.status}")
            problems.extend(f"{role} {page.url}: {problem}" for problem in raw_text(page))
    assert seen >= len(ROLES) * 40
    with app.app_context():  # copies adopted from the catalogue live in other provinces: their officers look
        others = [(slug, models_of(province(slug).id)) for slug in DEMO_PROVINCES if slug != SLUG]
    for slug, models in others:
        for page in crawl(app, "officer", [f"/p/{slug}/models/{model_id}" for model_id in models],
                          email=f"canbo.{slug}@demo.vn"):
            seen += 1
            problems.extend(f"canbo.{slug} {page.url}: {problem}" for problem in raw_text(page))
    assert not problems, "Pages that show raw text:\n" + "\n".join(sorted(set(problems)))

    with app.app_context(), app.test_request_context("/"):
        notifications = db.session.scalars(select(Notification)).all()
        texts = [build_message(notification) for notification in notifications]
        bodies = [(m["Subject"], m.get_body(("plain",)).get_content()) for m in texts]
    assert any("&" in body for _subject, body in bodies)  # links with several arguments are there
    wrong = [subject for subject, body in bodies if "&amp;" in body or "&amp;" in subject or "&#" in body]
    assert not wrong, f"Plain-text mails with HTML entities: {wrong}"
    mail_problems = [problem for subject, body in bodies
                     for problem in raw_text(Page("mail", subject, 200, f"<p>{subject}</p><pre>{body}</pre>"))]
    assert not mail_problems, mail_problems


def test_the_raw_text_check_itself():
    def check(html):
        return raw_text(Page("officer", "/", 200, html))

    assert check("<p>model.adopted</p>") and check("<td>source_model_id</td>") and check("<td>digested</td>")
    assert check('<input placeholder="recognition_reference">')
    assert not check("<p>canbo.quang-tri@demo.vn</p><p>quyet-dinh.pdf</p><p>ví dụ: thuong lam</p>")
    assert not check("<p>Camera an ninh</p><p>Excel (XLSX)</p><script>var a = model.adopted;</script>")


def test_every_link_of_every_page_of_every_role_leads_to_a_page_that_answers(app):
    """Each internal link a role is shown answers that role (or refuses it on purpose, 403);
    forms and htmx posts name a route that takes their method. No link is missing: a wrong
    endpoint name fails while the page renders (``url_for``, no guessing)."""
    from urllib.parse import urlsplit

    from werkzeug.exceptions import MethodNotAllowed, NotFound

    from tests.pages import internal_links

    values = seed(app)
    pages = urls(app, values)
    adapter = app.url_map.bind("localhost")
    problems, followed = [], 0
    for role in ROLES:
        client = _signed_in(app, role)
        answered: dict[str, int] = {}
        menus: dict[str, list[str]] = {}
        for page in crawl(app, role, pages):
            assert page.status < 500, f"{role} {page.url}: {page.status}"
            if 'class="site-header"' in page.html:  # print views (dossiers, A4) have no header on purpose
                menus.setdefault(_navigation(page.html), []).append(page.url)
            for link in internal_links(page.html):
                try:
                    endpoint, _arguments = adapter.match(urlsplit(link.url).path, method=link.method)
                except (NotFound, MethodNotAllowed):
                    problems.append(f"{role} {page.url}: {link.attribute} {link.method} {link.url} has no route")
                    continue
                if link.method != "GET" or endpoint.endswith(FILES):
                    continue  # a route that takes the form's method; files (demo uploads are not on disk)
                if link.url not in answered:
                    answered[link.url] = client.get(link.url).status_code
                    followed += 1
                status = answered[link.url]
                if status == 404 or status == 405 or status >= 500:
                    problems.append(f"{role} {page.url}: {link.attribute} {link.url} answered {status}")
        # One navigation per role: the same links on every page (only the current one marked).
        assert len(menus) == 1, f"{role} sees {len(menus)} navigations: " + "; ".join(
            f"{nav[:300]} on {urls_[:3]}" for nav, urls_ in menus.items())
        assert next(iter(menus)).count("<a ") >= 4, next(iter(menus))
    assert followed >= 300
    assert not problems, "Links that lead nowhere:\n" + "\n".join(sorted(set(problems)))


def _navigation(html: str) -> str:
    import re

    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "no navigation"
    return re.sub(r"\s+", " ", match.group(0).replace(' aria-current="page"', ""))


FILES = ("download", "evidence", "import_errors", "import_template", "dev_mail")


def _signed_in(app, role):
    from registry.accounts.models import User
    from registry.accounts.sessions import sign_in_client

    client = app.test_client()
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == ROLES[role]))
    sign_in_client(client, user_id)
    return client
