"""Everyday use, walked as each role walks it (issue 20): an officer and a provincial admin on a
phone, a ministry admin and a reviewer on a desktop. On every page visited: no horizontal
overflow at 360px (``document.scrollingElement.scrollWidth``), a header of at most 112px at
1280px with its primary links in one row, every internal link answering (not 404/405/5xx; a 403
is a deliberate refusal), one navigation (the same links on every page), and axe clean.
Screenshots go to a temporary folder (printed), to be looked at by a person."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

PHONE, DESKTOP = (360, 740), (1280, 800)
HEADER_MAX = 112
# Files and actions: followed links must be pages (a download of demo data has no file on disk).
NOT_FOLLOWED = re.compile(r"/(logout|download|evidence|errors\.xlsx|import-template)|/attachments/\d+$|^/dev/mail/|^/static/")


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("navigation-screenshots")
    print(f"\nnavigation screenshots: {folder}")
    return folder


class Walk:
    """A role's walk: checks each page it sees and remembers the links already answered."""

    def __init__(self, journey, shots, name: str, size: tuple[int, int]):
        self.journey, self.page, self.size = journey, journey.page, size
        self.folder, self.name, self.count = shots, name, 0
        self.answered: dict[str, int] = {}
        self.navigations: set[str] = set()
        self.page.set_viewport_size(dict(zip(("width", "height"), size)))

    def visit(self, path: str, label: str) -> None:
        self.journey.goto(path)
        self.check(label)

    def check(self, label: str) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.journey.wait_until_settled()
        self.count += 1
        where = f"{self.name} {label} ({page.url})"
        assert not re.search(r"/login(\?|$)", urlsplit(page.url).path + "?"), f"{where}: sent to sign-in"
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= PHONE[0], f"{where}: {width}px wide on a {PHONE[0]}px screen"
        if self.size == PHONE:
            assert_accessible(page, f"{where} at {PHONE[0]}px")
            self._photo(label, "360")
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        header = page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")
        assert header <= HEADER_MAX, f"{where}: the header is {header}px tall at {DESKTOP[0]}px"
        rows = page.evaluate("() => new Set([...document.querySelectorAll('#site-nav-links > li')]"
                             ".map(li => Math.round(li.getBoundingClientRect().top))).size")
        assert rows == 1, f"{where}: the primary links take {rows} rows at {DESKTOP[0]}px"
        if self.size == DESKTOP:
            assert_accessible(page, f"{where} at {DESKTOP[0]}px")
            self._photo(label, "1280")
        page.set_viewport_size(dict(zip(("width", "height"), self.size)))
        self.navigations.add(page.evaluate(
            "() => [...document.querySelectorAll('.site-nav a')].map(a => a.getAttribute('href')).join(' ')"))
        self._links(where)

    def _photo(self, label: str, size: str) -> None:
        self.page.screenshot(path=str(self.folder / f"{self.name}-{self.count:02d}-{label}-{size}.png"),
                             full_page=True, caret="initial")

    def _links(self, where: str) -> None:
        links = self.page.evaluate("""() => [...document.querySelectorAll('a[href], [hx-get]')]
            .map(e => e.getAttribute('href') || e.getAttribute('hx-get'))""")
        broken = []
        for link in links:
            url = link.split("#", 1)[0]
            if not url.startswith("/") or url.startswith("//") or NOT_FOLLOWED.search(urlsplit(url).path):
                continue
            if url not in self.answered:
                self.answered[url] = self.page.request.get(self.journey.url(url), max_redirects=0).status
            status = self.answered[url]
            if status in (404, 405) or status >= 500:
                broken.append(f"{url} → {status}")
        assert not broken, f"{where}: links that lead nowhere: {broken}"

    def one_navigation(self) -> None:
        assert len(self.navigations) == 1, f"{self.name} saw {len(self.navigations)} navigations: {self.navigations}"


def open_menu(page) -> None:
    """On a phone the links fold behind "Menu"."""
    toggle = page.locator(".site-nav__toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def test_an_officer_and_a_provincial_admin_on_a_phone(journey, shots):
    page = journey.page
    journey.sign_in("canbo.quang-tri@demo.vn")
    walk = Walk(journey, shots, "officer", PHONE)
    walk.check("home")
    open_menu(page)
    page.locator("#site-nav-links").get_by_role("link", name="Quảng Trị", exact=True).click()
    walk.check("province-home")
    expect(page.get_by_role("heading", name="Việc đang chờ")).to_be_visible()
    open_menu(page)
    page.locator("#site-nav-links").get_by_role("link", name="Mô hình", exact=True).click()
    walk.check("models")
    page.locator("#model-results a[href*='/models/']").first.click()
    walk.check("model")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Quảng Trị")
    model_path = urlsplit(page.url).path
    walk.visit(model_path + "/sites", "model-sites")
    walk.visit(model_path + "/reviews", "model-reviews")
    walk.visit("/p/quang-tri/sites", "sites")
    walk.visit("/p/quang-tri/reviews/", "reviews-board")
    walk.visit("/p/quang-tri/reviews/needs-decision", "needs-decision")
    page.locator("main a[href*='/reviews/']").filter(has_text=re.compile(r"\d{2}/\d{2}/\d{4}")).first.click()
    walk.check("review")
    walk.visit("/p/quang-tri/nominations/", "nominations")
    walk.visit("/p/quang-tri/dashboard", "dashboard")
    walk.visit("/catalogue/", "catalogue")
    walk.visit("/notifications", "notifications")
    walk.visit("/notifications/preferences", "preferences")
    walk.one_navigation()
    journey.sign_out()

    journey.sign_in("quantri.quang-tri@demo.vn")
    walk = Walk(journey, shots, "province-admin", PHONE)
    walk.check("home")
    walk.visit("/p/quang-tri/", "province-home")
    open_menu(page)
    page.locator(".site-nav .menu > summary").click()  # "More": opens without script too (<details>)
    page.locator(".site-nav .menu__items").get_by_role("link", name="Thành viên").click()
    walk.check("members")
    walk.visit("/p/quang-tri/notifications/failures", "undelivered-mail")
    walk.visit("/p/quang-tri/models/", "models")
    walk.visit("/p/quang-tri/wards", "wards")
    walk.one_navigation()


def test_a_ministry_admin_and_a_reviewer_on_a_desktop(journey, shots):
    page = journey.page
    journey.sign_in("quantri@bocongan.demo.vn")
    walk = Walk(journey, shots, "ministry-admin", DESKTOP)
    walk.check("national-dashboard")
    # Drill down: national figure → province → list → model, read-only.
    page.locator("#province-table").get_by_role("link", name="Quảng Trị", exact=True).click()
    walk.check("province")
    expect(page.locator("nav.breadcrumbs")).to_contain_text("Tổng hợp toàn quốc")
    journey.goto("/ministry/dashboard/")
    row = page.locator("#province-table tr", has=page.get_by_role("link", name="Quảng Trị", exact=True))
    row.locator("td").first.get_by_role("link").click()
    walk.check("models-of-a-province")
    expect(page.locator("main")).to_contain_text("mô hình")
    page.locator("main table a[href*='/p/quang-tri/models/']").first.click()
    walk.check("model")
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)  # read-only for the ministry
    journey.goto("/ministry/dashboard/")
    page.locator("#category-title ~ ul.bar-chart a").first.click()
    walk.check("models-of-a-category")
    walk.visit("/ministry/", "queue")
    walk.visit("/ministry/accounts/", "accounts")
    walk.visit("/ministry/operations/", "operations")
    walk.visit("/catalogue/", "catalogue")
    walk.one_navigation()
    journey.sign_out()

    journey.sign_in("thamdinh1@bocongan.demo.vn")
    walk = Walk(journey, shots, "reviewer", DESKTOP)
    walk.check("home")
    page.get_by_role("link", name="Mở danh sách đề cử chờ thẩm định").click()
    walk.check("queue")
    page.locator("main a[href*='/ministry/nominations/']").first.click()
    walk.check("nomination")
    walk.visit("/ministry/dashboard/", "national-dashboard")
    walk.visit("/catalogue/", "catalogue")
    walk.one_navigation()
