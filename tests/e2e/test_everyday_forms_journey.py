"""What an officer types every day, in a real browser: dates the Vietnamese way in a browser set
to US English, the one ward picker on a phone (old names too), and a long review that survives
the session ending before it is sent."""
from __future__ import annotations

import re

from playwright.sync_api import expect

MODEL = "Camera an ninh khu phố Đông Hà"


def h1(page):
    return page.get_by_role("heading", level=1)


def test_in_an_english_browser_15_03_2025_is_15_march_and_the_picker_writes_day_first(english_browser_journey,
                                                                                        make_account):
    journey, page = english_browser_journey, english_browser_journey.page
    journey.sign_in(make_account("officer", "quang-tri"))
    journey.goto("/p/quang-tri/models/new")
    assert page.evaluate("() => navigator.language") == "en-US"
    page.get_by_label("Tên").fill(MODEL)
    page.get_by_label("Lĩnh vực").select_option(label="Camera an ninh")
    page.get_by_label("Địa bàn, đối tượng áp dụng").select_option(label="Khu dân cư")
    launched = page.get_by_label("Ngày triển khai")
    launched.press_sequentially("15032025")
    expect(launched).to_have_value("15/03/2025")  # the slashes came by themselves
    journey.step("date-typed")
    page.get_by_role("button", name="Đăng ký mô hình").click()
    expect(h1(page)).to_have_text(MODEL)
    expect(page.locator("main")).to_contain_text("15/03/2025")

    page.get_by_role("link", name="Sửa", exact=True).first.click()
    launched = page.get_by_label("Ngày triển khai")
    expect(launched).to_have_value("15/03/2025")
    launched.fill("31/02/2025")
    page.get_by_role("button", name="Lưu thay đổi").click()
    error = page.locator("#field-launched_on .error")
    expect(error).to_have_text("Tháng 02/2025 chỉ có 28 ngày. Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/03/2025.")
    expect(page.get_by_label("Ngày triển khai")).to_have_value("31/02/2025")  # kept as typed

    page.get_by_label("Ngày triển khai").fill("15/03/2025")
    expect(error).to_have_count(0)  # corrected: the message goes
    page.get_by_role("button", name="Chọn ngày trên lịch").click()
    calendar = page.locator(".day-input__pop:not([hidden])")
    expect(calendar).to_contain_text("Tháng 3 2025")
    expect(calendar.locator(".datepicker-cell.selected")).to_have_text("15")
    journey.step("date-picker-open")
    calendar.locator(".datepicker-cell.day:not(.prev):not(.next)", has_text=re.compile(r"^10$")).click()
    expect(page.get_by_label("Ngày triển khai")).to_have_value("10/03/2025")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(h1(page)).to_have_text(MODEL)
    expect(page.locator("main")).to_contain_text("10/03/2025")
