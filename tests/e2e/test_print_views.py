"""The three pages people print — a model page, a nomination dossier, the province dashboard —
on paper: no navigation, forms or buttons, the content whole. Each is saved as an A4 PDF beside
the screenshots so a person can look at it."""
from __future__ import annotations

from playwright.sync_api import expect

CONTROLS = "nav, form, button, input, select, textarea, .button, .site-header, .site-footer, .skip-link"


def h1(page):
    return page.get_by_role("heading", level=1)


def on_paper(journey, label: str, content: list[str], hidden: tuple[str, ...] = ()) -> None:
    """Switch to print media: every control and each of ``hidden`` is hidden, each of ``content``
    (selectors) is shown."""
    page = journey.page
    journey.wait_until_settled()
    page.emulate_media(media="print")
    try:
        shown = page.evaluate(
            "(selector) => [...document.querySelectorAll(selector)].filter(e => e.checkVisibility())"
            ".map(e => e.outerHTML.slice(0, 120))", CONTROLS)
        assert shown == [], f"{label}: controls still printed: {shown}"
        expect(h1(page)).to_be_visible()
        for selector in content:
            expect(page.locator(selector).first).to_be_visible()
        for selector in hidden:
            assert page.locator(selector).count(), f"{label}: nothing matches {selector}"
            expect(page.locator(selector).first).to_be_hidden()
        pdf = journey.print_to_pdf(label)
        assert pdf.read_bytes().startswith(b"%PDF")
    finally:
        page.emulate_media(media="screen")


def test_model_page_dossier_and_dashboard_print_without_controls(journey):
    page = journey.page
    journey.sign_in("quantri.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/models/")
    page.locator("#model-results tbody a").first.click()
    expect(page.locator("#sites-panel")).to_be_visible()
    journey.step("model-page")
    on_paper(journey, "model-page", ["#status-panel", "#sites-panel .sites-table", "#reviews-panel", "#history"],
             hidden=("main nav.breadcrumbs", ".sites-table th.no-print"))

    page.locator(".site-nav .menu > summary").click()  # the province's other pages: in the "More" menu
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bảng tổng hợp").click()
    expect(h1(page)).to_have_text("Bảng tổng hợp Quảng Trị")
    journey.step("province-dashboard")
    on_paper(journey, "province-dashboard", [".figures", ".chart", "main .table"])
    journey.sign_out()

    journey.sign_in("thamdinh1@bocongan.demo.vn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ đề cử cần thẩm định").click()
    page.locator("#queue tbody a").first.click()
    page.get_by_role("link", name="Mở hồ sơ (bản in)").click()
    expect(page.locator(".dossier")).to_be_visible()
    journey.step("dossier")
    on_paper(journey, "dossier", [".dossier__head", ".dossier .figures", ".dossier__review"])
