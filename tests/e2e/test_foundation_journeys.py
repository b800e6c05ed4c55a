"""Journeys through what every area builds on: signing in, the province, languages, wards,
invitations and password resets — in a real browser, checked by axe-core, photographed."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD


def h1(page):
    return page.get_by_role("heading", level=1)


def test_officer_signs_in_sees_the_province_gets_404_elsewhere_and_switches_to_english_and_back(journey):
    page = journey.page
    journey.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    journey.step("sign-in")
    journey.sign_in("canbo.quang-tri@demo.vn")
    expect(h1(page)).to_contain_text("Xin chào")
    journey.step("home")

    page.get_by_role("link", name="Mở trang Quảng Trị").click()
    expect(page).to_have_url(journey.url("/p/quang-tri/"))
    expect(h1(page)).to_have_text("Quảng Trị")
    journey.step("province")

    assert journey.goto("/p/lam-dong/").status == 404
    expect(h1(page)).to_have_text("Không tìm thấy trang")
    journey.step("another-province-404")

    journey.goto("/p/quang-tri/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.locator(".site-nav .menu > summary").click()  # the province's other pages: in the "More" menu
    page.get_by_role("link", name="Wards").click()  # boosted navigation stays in English
    expect(h1(page)).to_have_text(re.compile("^Wards of"))
    journey.step("english")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(h1(page)).to_have_text(re.compile("^Xã, phường"))
    journey.step("vietnamese-again")


def test_ward_search_filters_live_without_diacritics_and_back_returns_to_the_full_list(journey):
    page = journey.page
    journey.sign_in("canbo.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/wards")
    everything = page.locator(".result-count").inner_text()
    page.get_by_label("Tìm theo tên, gõ có dấu hoặc không dấu").fill("dong ha")  # no Enter: it filters as one types
    expect(page.locator("#ward-results")).to_contain_text("Đông Hà")
    expect(page).to_have_url(re.compile(r"/p/quang-tri/wards\?q=dong(\+|%20)ha$"))
    assert page.locator(".result-count").inner_text() != everything
    expect(page.get_by_label("Tìm theo tên, gõ có dấu hoặc không dấu")).to_be_focused()  # typing goes on
    journey.step("search-without-diacritics")

    page.go_back()
    expect(page).to_have_url(journey.url("/p/quang-tri/wards"))
    expect(page.locator(".result-count")).to_have_text(everything)
    expect(page.get_by_label("Tìm theo tên, gõ có dấu hoặc không dấu")).to_have_value("")
    journey.step("back-to-all-wards")


def _open_mail(journey, recipient: str, subject_part: str) -> None:
    """The development mailbox is a ministry admin's: sign in as the demo one to read it."""
    page = journey.page
    journey.sign_in("quantri@bocongan.demo.vn")
    journey.goto("/dev/mail")
    row = page.locator("tr", has_text=recipient).filter(has_text=subject_part).first
    row.get_by_role("link").click()
    expect(h1(page)).to_contain_text(subject_part)


def test_provincial_admin_invites_someone_who_accepts_from_the_mail_and_is_signed_in(journey):
    page = journey.page
    invited = "can.bo.moi@e2e.demo.vn"
    journey.sign_in("quantri.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/members/")
    journey.step("members")

    form = page.locator("#invite")
    form.get_by_label("Email").fill("not-an-address")
    form.get_by_role("button", name="Gửi lời mời").click()
    expect(page.locator("#invite .error")).to_have_text("Địa chỉ email không hợp lệ.")
    expect(page.locator("#invite [aria-invalid='true']")).to_be_focused()
    journey.step("invitation-error-next-to-the-field")

    page.locator("#invite").get_by_label("Email").fill(invited)
    page.locator("#invite").get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.locator("#invite").get_by_role("button", name="Gửi lời mời").click()
    expect(page.locator("#messages")).to_contain_text(f"Đã gửi lời mời đến {invited}.")
    expect(page.locator("table.members tbody")).to_contain_text(invited)
    journey.step("invitation-sent")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile("/login"))

    _open_mail(journey, invited, "Lời mời tham gia")
    journey.step("invitation-mail")
    page.locator(".mail-body a", has_text="Nhận lời mời").click()
    expect(h1(page)).to_have_text("Nhận lời mời")
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Mật khẩu mới").fill("mot-mat-khau-dai-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("mot-mat-khau-dai-2026")
    journey.step("accept-invitation")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#messages")).to_contain_text("Chào mừng bạn! Tài khoản đã sẵn sàng.")
    expect(h1(page)).to_have_text("Xin chào, Trần Thị Bình")
    journey.step("signed-in-after-accepting")


def test_password_reset_through_the_link_in_the_mail(journey, make_account):
    page = journey.page
    email = make_account("officer", "quang-tri")
    journey.goto("/login")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(h1(page)).to_have_text("Quên mật khẩu?")  # the sign-in page has an Email field too
    page.get_by_label("Email").fill(email)
    journey.step("forgot-password")
    page.get_by_role("button", name="Gửi đường liên kết").click()
    expect(page.locator("#messages")).to_contain_text("đường liên kết để chọn mật khẩu mới đang được gửi đến")

    _open_mail(journey, email, "Đặt mật khẩu mới")
    page.locator(".mail-body a", has_text="Đặt mật khẩu mới").click()
    expect(h1(page)).to_have_text("Đặt mật khẩu mới")
    page.get_by_label("Mật khẩu mới").fill("mat-khau-moi-cua-toi")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-moi-cua-toi")
    journey.step("new-password")
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page.locator("#messages")).to_contain_text("Mật khẩu của bạn đã được thay đổi.")

    journey.sign_in(email, "mat-khau-moi-cua-toi")
    expect(h1(page)).to_contain_text("Xin chào")
    journey.step("signed-in-with-the-new-password")
    assert DEMO_PASSWORD != "mat-khau-moi-cua-toi"


def test_the_accessibility_check_fails_on_a_serious_violation(browser):
    """The harness itself: a page with an unlabelled field must not pass."""
    import pytest

    from tests.e2e.conftest import assert_accessible

    page = browser.new_page()
    page.set_content('<html lang="vi"><head><title>x</title></head><body><main><input type="text"></main></body></html>')
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page, "a bad page")
    page.close()


def test_a_destructive_action_asks_first_in_the_page_dialog_and_cancel_does_nothing(journey):
    """The layout's data-confirm pattern (app.js), on a form as any area would write it."""
    page = journey.page
    journey.sign_in("canbo.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/")
    page.evaluate("""() => document.getElementById('main').insertAdjacentHTML('beforeend',
        '<form method="get" action="/p/quang-tri/wards" data-confirm="Kết thúc mô hình này?">' +
        '<button type="submit" class="button button--danger">Kết thúc</button></form>')""")
    page.evaluate("() => htmx.process(document.getElementById('main'))")  # as if swapped in by htmx
    page.get_by_role("button", name="Kết thúc").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Kết thúc mô hình này?")
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()
    journey.step("confirmation-dialog")
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(journey.url("/p/quang-tri/"))

    page.get_by_role("button", name="Kết thúc").click()
    dialog.get_by_role("button", name="Đồng ý, tiếp tục").click()
    expect(page).to_have_url(re.compile(r"/p/quang-tri/wards\??$"))
    expect(h1(page)).to_have_text("Xã, phường – Quảng Trị")
    expect(h1(page)).to_be_focused()  # after a boosted navigation, focus is on the new page's title


def test_on_a_phone_the_navigation_folds_behind_the_menu_button(journey):
    page = journey.page
    journey.sign_in("canbo.quang-tri@demo.vn")
    page.set_viewport_size({"width": 360, "height": 780})
    journey.goto("/p/quang-tri/")
    menu = page.get_by_role("button", name="Menu")
    models = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Mô hình", exact=True)
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(models).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")  # by keyboard, as by touch
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(models).to_be_visible()
    journey.step("phone-menu-open")  # photographs at both sizes, then leaves the desktop size
    page.set_viewport_size({"width": 360, "height": 780})
    models.click()
    expect(h1(page)).to_have_text(re.compile("Mô hình"))
    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")
