"""What an officer types every day, in a real browser: dates the Vietnamese way in a browser set
to US English, the one ward picker on a phone (old names too), and a long review that survives
the session ending before it is sent."""
from __future__ import annotations

import re

from playwright.sync_api import expect

MODEL = "Camera an ninh khu phố Đông Hà"


def close_up(journey, top, bottom, name: str) -> None:
    """A picture at phone width of the region from element ``top`` to element ``bottom``."""
    journey.page.set_viewport_size({"width": 360, "height": 780})
    where = "element => { const box = element.getBoundingClientRect(); return [box.top + scrollY, box.bottom + scrollY]; }"
    start, end = top.evaluate(where)[0], bottom.evaluate(where)[1]
    journey.folder.mkdir(parents=True, exist_ok=True)
    journey.page.screenshot(path=str(journey.folder / f"{name}-360.png"), full_page=True,
                            clip={"x": 0, "y": start - 8, "width": 360, "height": end - start + 16})


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
    page.get_by_label("Địa bàn áp dụng").select_option(label="Khu dân cư")
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
    journey.wait_until_settled()

    page.get_by_label("Ngày triển khai").fill("15/03/2025")
    expect(error).to_have_count(0)  # corrected: the message goes
    page.get_by_role("button", name="Chọn ngày trên lịch").click()
    calendar = page.locator(".day-input__pop:not([hidden])")
    expect(calendar).to_contain_text("Tháng 3 2025")
    expect(calendar.locator(".datepicker-cell.selected")).to_have_text("15")
    journey.step("date-picker-open")
    expect(calendar).to_be_visible()  # still open: photographing does not close it
    close_up(journey, page.locator("#field-launched_on"), calendar, "date-field-and-picker")
    calendar.locator(".datepicker-cell.day:not(.prev):not(.next)", has_text=re.compile(r"^10$")).click()
    expect(page.get_by_label("Ngày triển khai")).to_have_value("10/03/2025")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(h1(page)).to_have_text(MODEL)
    expect(page.locator("main")).to_contain_text("10/03/2025")


def test_on_a_phone_the_ward_picker_finds_ho_xa_and_takes_a_name_typed_without_a_choice(journey, make_account):
    page = journey.page
    journey.sign_in(make_account("officer", "quang-tri"))
    page.set_viewport_size({"width": 360, "height": 780})
    journey.goto("/p/quang-tri/models/new")
    page.get_by_label("Tên").fill("Tổ tự quản an ninh Hồ Xá")
    page.get_by_label("Lĩnh vực").select_option(label="Tự quản")
    page.get_by_label("Địa bàn áp dụng").select_option(label="Khu dân cư")
    box = page.get_by_role("combobox", name="Xã, phường xây dựng đầu tiên")
    box.press_sequentially("Hồ Xá", delay=40)
    option = page.get_by_role("option", name="Xã Vĩnh Linh (trước đây Thị trấn Hồ Xá)")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    journey.step("ward-picker-open")
    close_up(journey, page.locator("#field-origin_ward_id"), page.locator("#origin_ward_id-listbox"), "ward-picker")
    page.set_viewport_size({"width": 360, "height": 780})
    box.press("Enter")
    expect(box).to_have_value("Xã Vĩnh Linh")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#origin_ward_id-note")).to_have_text("“Thị trấn Hồ Xá” không còn từ 07/2025: nay thuộc Xã Vĩnh Linh.")
    journey.step("ward-picked")
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_role("button", name="Đăng ký mô hình").click()
    expect(h1(page)).to_have_text("Tổ tự quản an ninh Hồ Xá")
    expect(page.locator("main")).to_contain_text("Xã Vĩnh Linh")

    sites = page.locator("#sites-panel")
    sites.locator("summary", has_text="Thêm điểm nhân rộng").click()
    sites.get_by_role("combobox", name="Xã, phường").fill("dong ha")  # typed, no choice made
    sites.get_by_role("button", name="Thêm điểm").click()
    expect(sites.locator("tbody tr")).to_have_count(1)
    expect(sites.locator("tbody")).to_contain_text("Phường Đông Hà")
    expect(page.locator("#messages .flash")).to_have_count(1)  # "site added" said once
    expect(page.locator("#messages")).to_contain_text("Đã thêm điểm nhân rộng.")

    sites.locator("summary", has_text="Thêm điểm nhân rộng").click()
    sites.get_by_role("combobox", name="Xã, phường").fill("linh")
    sites.get_by_role("button", name="Thêm điểm").click()
    error = sites.locator("#field-ward .error")
    expect(error).to_contain_text("“linh” khớp với nhiều xã, phường")
    expect(sites.get_by_role("combobox", name="Xã, phường")).to_have_value("linh")
    journey.step("ward-ambiguous")


FINDINGS = ("Sau sáu tháng, tổ tự quản duy trì tuần tra mỗi tối; người dân báo tin qua nhóm Zalo của thôn, "
            "mười hai tin báo đã được xác minh. Đề nghị nhân rộng ra hai thôn lân cận.")


def test_a_long_review_typed_while_the_session_ended_comes_back_after_signing_in(journey, make_account):
    page = journey.page
    officer = make_account("officer", "quang-tri")
    journey.sign_in(officer)
    journey.goto("/p/quang-tri/models/new")
    page.get_by_label("Tên").fill("Tổ tự quản bến đò Cửa Việt")
    page.get_by_label("Lĩnh vực").select_option(label="Tự quản")
    page.get_by_label("Địa bàn áp dụng").select_option(label="Khu dân cư")
    page.get_by_label("Ngày triển khai").fill("01/03/2025")
    page.get_by_role("button", name="Đăng ký mô hình").click()
    page.get_by_role("button", name="Đưa vào hoạt động").click()
    expect(page.locator("#status-panel strong")).to_have_text("Đang hoạt động")
    page.locator("#reviews-panel").get_by_role("link", name="Ghi kết quả đánh giá").click()
    expect(h1(page)).to_have_text("Đánh giá hiệu quả mô hình")
    form_url = page.url
    page.get_by_label("Số vụ phạm tội về trật tự xã hội trong kỳ").fill("3")
    page.get_by_label("Số vụ phạm tội về trật tự xã hội cùng kỳ năm 2019 (năm gốc)").fill("8")
    page.get_by_label("Xếp loại").select_option(label="Tốt")
    page.get_by_label("Kiến nghị").select_option(label="Nhân rộng")
    page.get_by_label("Nhận xét, đánh giá").fill(FINDINGS)

    journey.context.clear_cookies()  # the session ends (expired, or signed out in another tab)
    page.get_by_role("button", name="Gửi kết quả đánh giá").click()
    # The sign-in page answers the refused form itself (401), its ``next`` the form's page.
    expect(page.locator("#password")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Phiên làm việc của bạn đã kết thúc nên chưa có gì được lưu.")
    journey.step("session-ended-sign-in")
    page.locator("#email").fill(officer)
    page.locator("#password").fill("demo-matkhau-2026")
    page.locator("#main form button[type=submit]").click()

    page.wait_for_url(form_url)
    notice = page.locator(".draft-notice")
    expect(notice).to_contain_text("chưa được lưu đã được khôi phục vào biểu mẫu")
    expect(page.get_by_label("Nhận xét, đánh giá")).to_have_value(FINDINGS)
    expect(page.get_by_label("Số vụ phạm tội về trật tự xã hội cùng kỳ năm 2019 (năm gốc)")).to_have_value("8")
    expect(page.get_by_label("Kiến nghị")).to_have_value("expand")
    journey.step("draft-restored")
    page.get_by_role("button", name="Gửi kết quả đánh giá").click()
    expect(page.locator("#messages")).to_contain_text("Đã gửi kết quả đánh giá.")
    # Saved: the draft is gone from the browser.
    page.wait_for_function("() => !Object.keys(localStorage).some(key => key.startsWith('registry:draft:'))")


def test_a_draft_can_be_discarded(journey, make_account):
    page = journey.page
    journey.sign_in(make_account("officer", "quang-tri"))
    journey.goto("/p/quang-tri/models/new")
    page.get_by_label("Mục tiêu").fill("Một đoạn chưa lưu.")
    page.wait_for_timeout(600)  # the draft is written a moment after typing
    journey.goto("/p/quang-tri/models/new")
    expect(page.get_by_label("Mục tiêu")).to_have_value("Một đoạn chưa lưu.")
    page.get_by_role("button", name="Bỏ bản nháp này").click()
    expect(page.get_by_label("Mục tiêu")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)
    journey.goto("/p/quang-tri/models/new")
    expect(page.get_by_label("Mục tiêu")).to_have_value("")
