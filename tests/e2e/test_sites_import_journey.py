"""Importing sites from a spreadsheet, as production runs it: the file is checked by an RQ worker
while the page shows a progress bar that polls; the preview then replaces it in place, and the
confirmed import lands on the model page."""
from __future__ import annotations

import re

from playwright.sync_api import expect

SHEET = (
    "Xã/phường/đặc khu (tên hoặc mã),\"Đơn vị cơ sở (thôn, tổ dân phố, cơ quan, trường)\",Số tổ/đội,Số thành viên\n"
    "Xã Kim Điền,Thôn Tân Sơn,1,12\n"
    "phuong dong hoi,Tổ dân phố 3,2,20\n"  # without diacritics, as people type
    "Thị trấn Kiến Giang,Khối 1,1,5\n"  # merged in 07/2025 into Xã Lệ Thủy
    "\"Thị trấn Cam Đức, huyện Cam Lâm\",Tổ 2,1,5\n"  # an old unit of another province
)


def h1(page):
    return page.get_by_role("heading", level=1)


def test_an_officer_imports_sites_watching_the_check_then_the_preview(queued_journey):
    journey, page = queued_journey, queued_journey.page
    journey.sign_in("canbo.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/models/")
    first = page.locator("#model-results tbody a").first
    model = first.inner_text()
    first.click()
    expect(h1(page)).to_have_text(model)
    journey.wait_until_settled()  # the sites panel is in
    sites_before = page.locator("#sites-panel tbody tr").count()
    page.locator("#sites-panel").get_by_role("link", name="Nhập từ bảng tính").click()
    expect(h1(page)).to_have_text(f"Nhập điểm nhân rộng vào mô hình {model}")
    journey.step("import-upload")

    page.get_by_label("Tệp bảng tính (.xlsx hoặc .csv)").set_input_files(
        files=[{"name": "diem-nhan-rong.csv", "mimeType": "text/csv", "buffer": SHEET.encode()}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    progress = page.get_by_role("progressbar", name="Đang kiểm tra các dòng…")
    expect(progress).to_be_visible()  # the worker has not run yet: the check waits in the queue
    expect(page.locator("#import-status")).to_contain_text("Tệp đang chờ đến lượt kiểm tra")
    checking_url = page.url
    journey.step("import-progress")

    journey.run_worker()
    status = page.locator("#import-status")
    expect(status.locator(".figure", has_text="Số dòng trong tệp")).to_contain_text("4")  # the poll brought it
    expect(progress).to_have_count(0)
    assert page.url == checking_url  # swapped in place, no reload
    expect(status.locator(".figure", has_text="Mới")).to_contain_text("3")
    expect(status.locator(".import-columns")).to_contain_text("Số tổ/đội")  # how the columns were read
    expect(status.locator(".import-first tbody tr")).to_have_count(3)  # the rows as they will be written
    renamed = status.locator(".import-renamed tbody tr")
    expect(renamed).to_have_count(1)
    expect(renamed.first).to_contain_text("Thị trấn Kiến Giang")
    expect(renamed.first).to_contain_text("Xã Lệ Thủy")
    problems = status.locator(".import-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("là đơn vị cũ, không còn tồn tại từ 07/2025")
    journey.step("import-preview")

    status.get_by_role("button", name="Nhập: 3 mới, 0 thay đổi").click()
    expect(page.locator("#messages")).to_contain_text("Đã thêm 3 điểm nhân rộng và sửa 0 điểm")
    expect(h1(page)).to_have_text(model)
    expect(page).to_have_url(re.compile(r"/p/quang-tri/models/\d+$"))
    expect(page.locator("#sites-panel tbody tr")).to_have_count(sites_before + 3)
    expect(page.locator("#sites-panel tbody")).to_contain_text("Thôn Tân Sơn")
    expect(page.locator("#sites-panel tbody")).to_contain_text("Xã Lệ Thủy")
    journey.step("imported")
