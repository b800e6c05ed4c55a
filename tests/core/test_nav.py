"""One navigation per role (registry.core.nav): the same links on every page, one marked current."""
from __future__ import annotations

import re


def _nav(page: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)


def test_an_officer_keeps_the_province_links_outside_the_province(client, login_as):
    login_as("officer", "quang-tri")
    inside, outside = _nav(client.get("/p/quang-tri/models/").text), _nav(client.get("/catalogue/").text)
    assert inside.replace(' aria-current="page"', "") == outside.replace(' aria-current="page"', "")
    for link in ("/p/quang-tri/models/", "/p/quang-tri/sites", "/p/quang-tri/reviews/", "/p/quang-tri/nominations/"):
        assert f'href="{link}"' in outside
    # Secondary pages are in the menu, not in the row: "Undelivered mail" only for admins, and there.
    assert "Thư không gửi được" not in outside
    assert '<details class="menu">' in outside


def test_an_admin_finds_undelivered_mail_in_the_menu_not_the_row(client, login_as):
    login_as("province_admin", "quang-tri")
    nav = _nav(client.get("/").text)
    menu = nav[nav.index('<details class="menu">'):]
    assert "Thư không gửi được" in menu and "Thư không gửi được" not in nav[:nav.index('<details class="menu">')]


def test_only_the_closest_link_is_the_current_page(client, login_as):
    login_as("ministry_admin")
    nav = _nav(client.get("/ministry/dashboard/models").text)
    assert nav.count('aria-current="page"') == 1
    assert re.search(r'href="/ministry/dashboard/" aria-current="page"', nav)
