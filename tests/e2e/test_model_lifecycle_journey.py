"""A model's whole life in a real browser: an officer registers a model launched 18 months ago,
activates it, adds sites (the model's tiles follow without a reload) and reviews the period the
form offers; the provincial admin nominates it and the submission goes through; two ministry
reviewers assess it and one approves; it joins the national catalogue; another province adopts
it; a reminder mail leads back to a review form; the model ends, and coverage drops on both
dashboards at the next load. Vietnamese throughout, except the second reviewer, who works in
English."""
from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta

from playwright.sync_api import expect

from registry import clock
from registry.figures.schedule import add_months
from tests.e2e.conftest import DEMO_PASSWORD, flask

MODEL = "Tổ tự quản an ninh bến đò Gianh"
RUBRIC_VI = ["Minh chứng về hiệu quả", "Kết quả nhân rộng", "Tính bền vững (lực lượng và kinh phí)",
             "Sự tham gia của nhân dân và các tổ chức", "Khả năng áp dụng ở các tỉnh, thành phố khác"]
RUBRIC_EN = ["Evidence of effect", "Replication achieved", "Sustainability (people and funding)",
             "Participation of residents and organisations", "Fit for other provinces"]


def h1(page):
    return page.get_by_role("heading", level=1)


def messages(page):
    return page.locator("#messages")


def offered_period(launched: date) -> tuple[date, date]:
    """What the review form offers a six-monthly model launched 18 months ago: the third
    half-year since the launch, the most recent complete one (it ended yesterday)."""
    return add_months(launched, 12), add_months(launched, 18) - timedelta(days=1)


def uncovered_wards(live_env: dict, count: int = 2) -> list[str]:
    """Labels of Quảng Trị wards where no site of a running model is yet (read from the served
    app's database), so that ending the new model visibly lowers the province's coverage."""
    path = live_env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT w.name, w.code FROM ward w JOIN province p ON p.id = w.province_id WHERE p.slug = 'quang-tri'"
            " AND w.id NOT IN (SELECT ward_id FROM ward_figures WHERE live_sites > 0) ORDER BY w.code LIMIT ?",
            (count,)).fetchall()
    assert len(rows) == count
    return [f"{name} ({code})" for name, code in rows]


def test_a_model_from_registration_to_adoption_in_another_province(journey, make_account, live_env, smtp_server):
    officer = make_account("officer", "quang-tri", name="Lê Văn Hải")
    model_path = register_model_with_sites_and_review(journey, officer, uncovered_wards(live_env))
    prepare_and_submit_the_nomination(journey)
    assign_both_reviewers(journey, [MODEL])
    ministry_path = assess_blind(journey, "thamdinh1@bocongan.demo.vn", [5, 4, 4, 5, 4])
    assess_blind_in_english(journey, ministry_path, [4, 4, 3, 5, 4])
    recognise_in_a_decision(journey, {MODEL: "Hiệu quả rõ, dễ áp dụng ở các tỉnh có bến đò."})
    adopt_in_another_province(journey)
    follow_the_reminder_mail(journey, officer, live_env, smtp_server)
    end_the_model_and_see_coverage_drop(journey, officer, model_path)


def register_model_with_sites_and_review(journey, officer: str, wards: list[str]) -> str:
    page = journey.page
    launched = add_months(clock.today(), -18)
    journey.sign_in(officer)
    journey.step("officer-home")
    page.get_by_role("link", name="Mở trang Quảng Trị").click()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Mô hình", exact=True).click()
    page.get_by_role("link", name="Đăng ký mô hình mới").click()
    expect(h1(page)).to_have_text("Đăng ký mô hình mới")
    journey.step("new-model-form")

    page.get_by_role("button", name="Đăng ký mô hình").click()
    expect(page.locator("#field-name .error")).to_have_text("Nhập tên mô hình.")
    expect(page.get_by_label("Tên")).to_be_focused()
    journey.step("new-model-errors")

    page.get_by_label("Tên").fill(MODEL)
    page.get_by_label("Tóm tắt").fill("Tổ tự quản giữ an ninh trật tự ở bến đò và chợ ven sông.")
    page.get_by_label("Lĩnh vực").select_option(label="Tự quản")
    page.get_by_label("Địa bàn áp dụng").select_option(label="Khu dân cư")
    page.get_by_role("combobox", name="Xã, phường xây dựng đầu tiên").fill("nam gianh")
    page.get_by_role("option", name="Xã Nam Gianh").click()
    page.get_by_label("Ngày triển khai").press_sequentially(f"{launched:%d%m%Y}")  # the slashes come by themselves
    page.get_by_label("Mục tiêu").fill("Không để xảy ra trộm cắp, gây rối ở bến đò.")
    journey.step("new-model-filled")
    page.get_by_role("button", name="Đăng ký mô hình").click()
    expect(messages(page)).to_contain_text(f"Đã đăng ký mô hình “{MODEL}” dưới dạng bản nháp.")
    expect(h1(page)).to_have_text(MODEL)
    model_path = re.sub(r"^https?://[^/]+", "", page.url)
    journey.step("model-registered")

    page.get_by_role("button", name="Đưa vào hoạt động").click()
    expect(page.locator("#status-panel strong")).to_have_text("Đang hoạt động")
    tiles = page.locator("#model-tiles")
    expect(tiles.locator(".figure", has_text="Hạn đánh giá tới")).to_contain_text(
        add_months(clock.today(), 6).strftime("%d/%m/%Y"))  # six months after activation, not after the launch
    expect(tiles.locator(".figure", has_text="Điểm đang hoạt động")).to_contain_text("0")

    sites = page.locator("#sites-panel")
    sites.locator("summary", has_text="Thêm điểm nhân rộng").click()
    sites.get_by_label("Xã, phường").fill(wards[0])
    sites.get_by_label("Đơn vị cơ sở (thôn, tổ dân phố, cơ quan, trường)").fill("Thôn Cảnh Dương")
    sites.get_by_label("Tổ, đội").fill("2")
    sites.get_by_label("Thành viên").fill("18")
    journey.step("site-form")
    sites.get_by_role("button", name="Thêm điểm").click()
    expect(sites.locator("tbody tr")).to_have_count(1)
    expect(sites.locator("tbody")).to_contain_text("Thôn Cảnh Dương")
    expect(tiles.locator(".figure", has_text="Điểm đang hoạt động")).to_contain_text("1")  # no reload
    journey.step("tiles-follow-the-panel")

    sites.locator("summary", has_text="Thêm điểm nhân rộng").click()
    sites.get_by_label("Xã, phường").fill(wards[1])
    sites.get_by_label("Đơn vị cơ sở (thôn, tổ dân phố, cơ quan, trường)").fill("Chợ Ba Đồn")
    sites.get_by_role("button", name="Thêm điểm").click()
    expect(sites.locator("tbody tr")).to_have_count(2)
    journey.step("two-sites")

    row = sites.locator("tbody tr", has_text="Chợ Ba Đồn")
    row.locator("details.row-actions > summary").click()  # one action menu per row
    row.get_by_role("link", name="Sửa").click()
    editing = sites.locator("tr.site-row--editing")
    editing.get_by_label("Camera").fill("6")
    journey.step("site-inline-edit")
    editing.get_by_role("button", name="Lưu điểm").click()
    expect(messages(page)).to_contain_text("Đã lưu điểm nhân rộng.")
    expect(sites.locator("tbody tr", has_text="Chợ Ba Đồn")).to_contain_text("6")
    expect(sites.locator(".figure", has_text="Số xã, phường có mô hình")).to_contain_text("2")
    expect(sites.locator(".figure", has_text="Độ bao phủ toàn tỉnh")).to_contain_text("%")

    record_review_draft_then_submit(journey, *offered_period(launched))
    page.get_by_role("link", name=MODEL).first.click()  # the breadcrumbs name it too
    expect(h1(page)).to_have_text(MODEL)
    expect(page.locator("#sites-panel tbody tr")).to_have_count(2)
    expect(page.locator("#sites-panel")).to_contain_text("Độ bao phủ toàn tỉnh")
    reviews = page.locator("#reviews-panel")
    expect(reviews.locator(".figure", has_text="Xếp loại gần nhất")).to_contain_text("Tốt")
    expect(reviews.locator(".figure", has_text="Số lần đã đánh giá")).to_contain_text("1")
    expect(reviews.locator("tbody tr", has_text="Đã gửi")).to_have_count(1)
    journey.step("model-page-with-sites-and-review")
    return model_path


def record_review_draft_then_submit(journey, period_start: date, period_end: date) -> None:
    page = journey.page
    page.locator("#reviews-panel").get_by_role("link", name="Ghi kết quả đánh giá").click()
    expect(h1(page)).to_have_text("Đánh giá hiệu quả mô hình")
    expect(page.get_by_label("Từ ngày")).to_have_value(f"{period_start:%d/%m/%Y}")  # the most recent complete period
    expect(page.get_by_label("Đến ngày")).to_have_value(f"{period_end:%d/%m/%Y}")
    expect(page.locator("#review-form")).to_contain_text("Các kỳ trước chưa được đánh giá")  # older ones may be picked
    page.get_by_label("Số vụ phạm tội về trật tự xã hội trong kỳ").fill("3")
    page.get_by_label("Tin báo, tố giác tội phạm của quần chúng nhân dân").fill("12")
    journey.step("review-form")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(messages(page)).to_contain_text("Đã lưu bản nháp.")
    expect(page.locator(".figure", has_text="Trạng thái")).to_contain_text("Bản nháp")
    journey.step("review-draft-saved")

    page.get_by_role("link", name="Tiếp tục hoàn thiện bản nháp").click()
    expect(page.get_by_label("Tin báo, tố giác tội phạm của quần chúng nhân dân")).to_have_value("12")
    page.get_by_role("button", name="Gửi kết quả đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Kết quả đánh giá còn sai sót")
    expect(page.locator("#field-value_crimes_social_order_2019 .error")).to_contain_text("năm gốc 2019")
    expect(page.locator("#field-rating .error")).to_have_text("Chọn xếp loại trước khi gửi.")
    journey.step("review-submission-errors")

    page.get_by_label("Số vụ phạm tội về trật tự xã hội cùng kỳ năm 2019 (năm gốc)").fill("8")
    page.get_by_label("Xếp loại").select_option(label="Tốt")
    page.get_by_label("Kiến nghị").select_option(label="Nhân rộng")
    page.get_by_label("Nhận xét, đánh giá").fill("Bến đò không còn trộm cắp; người dân báo tin nhanh qua tổ.")
    page.get_by_role("button", name="Gửi kết quả đánh giá").click()
    expect(messages(page)).to_contain_text("Đã gửi kết quả đánh giá.")
    expect(h1(page)).to_have_text(f"Đánh giá kỳ {period_start:%d/%m/%Y}–{period_end:%d/%m/%Y}")
    expect(page.locator(".figure", has_text="Tội phạm về trật tự xã hội so với năm 2019")).to_contain_text(re.compile(r"-62,5%\s+Đạt chỉ tiêu"))
    journey.step("review-submitted")


def prepare_and_submit_the_nomination(journey) -> None:
    """The officer opens a draft and writes the statement; only the provincial admin may submit."""
    page = journey.page
    page.get_by_role("button", name="Lập hồ sơ đề cử").click()
    expect(messages(page)).to_contain_text("Đã tạo bản nháp hồ sơ đề cử.")
    expect(h1(page)).to_contain_text(f"Hồ sơ đề cử mô hình “{MODEL}”")
    eligibility = page.locator("#eligibility")
    expect(eligibility.locator("li")).to_have_count(1)
    expect(eligibility).to_contain_text("Chưa có nội dung đề xuất")
    expect(eligibility).to_contain_text("Quản trị viên")  # an officer is told who submits
    expect(eligibility.get_by_role("button")).to_have_count(0)
    journey.step("nomination-draft")

    page.get_by_label("Lý do đề xuất nhân rộng mô hình trên toàn quốc").fill(
        "Sau sáu tháng, tội phạm về trật tự xã hội giảm 62,5% so với năm 2019; hai xã đã nhân rộng.")
    page.get_by_role("button", name="Lưu nội dung đề xuất").click()
    expect(messages(page)).to_contain_text("Đã lưu nội dung đề xuất.")
    expect(page.locator("#eligibility")).to_contain_text("có thể gửi hồ sơ đề cử")
    journey.sign_out()

    journey.sign_in("quantri.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đề cử").click()
    page.get_by_role("link", name=MODEL).first.click()
    expect(h1(page)).to_contain_text("Bản nháp")
    journey.step("admin-sees-the-draft")
    page.get_by_role("link", name="Gửi Bộ Công an").click()
    expect(page.locator("#confirm")).to_contain_text("Bước này không thể hoàn tác.")
    journey.step("confirm-submission")
    page.get_by_role("button", name="Đồng ý, gửi Bộ Công an").click()
    expect(messages(page)).to_contain_text("Hồ sơ đề cử đã được gửi lên Bộ Công an.")
    expect(h1(page)).to_contain_text("Đã gửi")
    journey.step("nomination-submitted")
    page.locator("#dossiers").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text(MODEL)
    journey.step("dossier")
    journey.sign_out()


def fill_rubric(page, criteria: list[str], scores: list[int], comment_label: str) -> None:
    for criterion, score in zip(criteria, scores):
        group = page.get_by_role("group", name=criterion)
        group.get_by_role("radio", name=re.compile(rf"^{score} ")).check()
        group.get_by_label(comment_label).fill(f"{criterion}: {score}/5.")


def assess_blind(journey, reviewer: str, scores: list[int]) -> str:
    """The first reviewer finds the nomination in the queue and scores it without seeing anyone else's."""
    page = journey.page
    journey.sign_in(reviewer)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hồ sơ đề cử cần thẩm định").click()
    page.locator("#queue").get_by_role("link", name=MODEL).click()  # not the "awaiting my score" link
    expect(h1(page)).to_contain_text(MODEL)
    ministry_path = re.sub(r"^https?://[^/]+", "", page.url)
    expect(page.locator("#decision")).to_contain_text("Chỉ ra quyết định được khi hai cán bộ thẩm định đã gửi phiếu.")
    journey.step("ministry-nomination")
    page.get_by_role("link", name="Bắt đầu chấm điểm").click()
    expect(h1(page)).to_have_text(f"Phiếu thẩm định của bạn về mô hình “{MODEL}”")
    fill_rubric(page, RUBRIC_VI, scores, "Ý kiến")
    journey.step("assessment-form")
    page.get_by_role("button", name="Gửi phiếu thẩm định").click()
    expect(messages(page)).to_contain_text("Đã gửi phiếu thẩm định của bạn.")
    expect(page.locator("#assessments")).to_contain_text("đã gửi 1/2")
    expect(page.locator("#assessments")).to_contain_text(f"{sum(scores)}/25")
    journey.step("first-assessment-submitted")
    journey.sign_out()
    return ministry_path


def assess_blind_in_english(journey, ministry_path: str, scores: list[int]) -> None:
    """The second reviewer works in English: labels in English, dates still dd/mm/yyyy, and the
    first reviewer's scores hidden until their own assessment is in."""
    page = journey.page
    journey.sign_in("thamdinh2@bocongan.demo.vn")
    journey.goto(ministry_path)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="← All nominations")).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"submitted on \d{2}/\d{2}/\d{4}"))
    expect(page.locator("#assessments")).to_contain_text("1 of 2 submitted")
    expect(page.locator("#assessments")).to_contain_text("shown once you have submitted your own assessment")
    expect(page.locator("#assessments")).not_to_contain_text("/25")
    journey.step("english-nomination-before-assessing")

    page.get_by_role("link", name="Start your assessment").click()
    expect(h1(page)).to_have_text(f"Your assessment of “{MODEL}”")
    fill_rubric(page, RUBRIC_EN, scores, "Comment")
    page.get_by_label("Overall opinion").fill("Worth replicating in river provinces.")
    journey.step("english-assessment-form")
    page.get_by_role("button", name="Submit the assessment").click()
    expect(messages(page)).to_contain_text("Your assessment was submitted.")
    expect(page.locator("#assessments")).to_contain_text("2 of 2 submitted")
    expect(page.locator("#assessments")).to_contain_text(f"{sum(scores)}/25")
    expect(page.locator("#assessments tbody tr").first).to_contain_text("Evidence of effect")
    journey.step("english-both-assessments-visible")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    journey.sign_out()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MINISTRY_ADMIN = "quantri@bocongan.demo.vn"


def assign_both_reviewers(journey, models: list[str]) -> None:
    """The department ticks the nominations in its queue and assigns both demo reviewers at once."""
    page = journey.page
    journey.sign_in(MINISTRY_ADMIN)
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ đề cử cần thẩm định").click()
    for model in models:
        page.get_by_role("checkbox", name=f"So sánh {model}").check()
    assign = page.locator("#assign")
    assign.get_by_label("Nguyễn Văn Bình").check()
    assign.get_by_label("Trần Thị Thanh").check()
    journey.step("assign-assessors")
    assign.get_by_role("button", name="Phân công thẩm định").click()
    expect(messages(page)).to_contain_text("cán bộ thẩm định đã được báo")
    journey.sign_out()


def recognise_in_a_decision(journey, reasons: dict[str, str], number: str = "1234/QĐ-BCA-V05",
                            round_name: str | None = None) -> None:
    """The department issues one decision document of the round recognising every model named."""
    page = journey.page
    journey.sign_in(MINISTRY_ADMIN)
    page.locator(".site-nav .menu > summary").click()  # the rounds: in the "More" menu
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Các đợt đề cử").click()
    if round_name:
        page.locator("#rounds").get_by_role("link", name=round_name).click()
    else:
        page.locator("#rounds tbody tr").last.get_by_role("link").click()  # the demo's round
    page.get_by_role("link", name="Ban hành quyết định").click()
    expect(h1(page)).to_have_text("Quyết định của đợt")
    for model, reason in reasons.items():
        row = page.locator("fieldset.decision-row", has_text=model)
        row.get_by_role("radio", name="Công nhận", exact=True).check()
        row.get_by_label("Lý do").fill(reason)
    page.get_by_label("Số quyết định").fill(number)
    page.get_by_label("Ngày ký").press_sequentially(f"{clock.today():%d%m%Y}")
    page.get_by_label("Người ký").fill("Thiếu tướng Nguyễn Văn Hùng")
    page.get_by_label("Quyết định đã ký (PDF)").set_input_files(
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    journey.step("decision-document")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.locator("#field-confirm .error")).to_have_text("Hãy xác nhận quyết định trước.")
    page.get_by_label("Quyết định đã ký (PDF)").set_input_files(
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_label("Tôi xác nhận: quyết định là chính thức và các tỉnh được báo ngay.").check()
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(messages(page)).to_contain_text(f"Đã ghi nhận Quyết định {number}")
    expect(page.locator("#round-decisions")).to_contain_text(number)
    journey.step("decision-recorded")
    journey.sign_out()


def adopt_in_another_province(journey) -> None:
    """Lâm Đồng's officer finds the model in the national catalogue, typed without diacritics,
    and adopts it: a draft in Lâm Đồng that links back to the original."""
    page = journey.page
    journey.sign_in("canbo.lam-dong@demo.vn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Danh mục toàn quốc").click()
    expect(page).to_have_url(re.compile(r"/catalogue/$"))
    journey.wait_until_settled()  # typing before htmx has wired the boosted page's search box sends nothing
    page.get_by_label("Tìm theo tên, gõ có dấu hoặc không dấu").fill("ben do gianh")
    results = page.locator("#catalogue-results tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Quảng Trị")
    expect(results.first).to_contain_text("1234/QĐ-BCA-V05")
    journey.step("catalogue-search")
    results.first.get_by_role("link", name=MODEL).click()
    expect(h1(page)).to_have_text(MODEL)
    journey.step("catalogue-entry")
    adopt = page.locator("#adopt")
    expect(adopt.get_by_label("Áp dụng tại")).to_have_value(re.compile(r"\d+"))
    adopt.get_by_role("button", name="Áp dụng tại tỉnh tôi").click()
    expect(messages(page)).to_contain_text("Đã tạo bản nháp mô hình tại Lâm Đồng.")
    expect(page).to_have_url(re.compile(r"/p/lam-dong/models/\d+$"))
    expect(h1(page)).to_have_text(MODEL)
    expect(page.locator("#status-panel strong")).to_have_text("Bản nháp")
    expect(page.locator("main")).to_contain_text("Tổ tự quản giữ an ninh trật tự ở bến đò")  # the description came along
    expect(page.locator("#sites-panel tbody tr")).to_have_count(0)  # the sites did not: they are Quảng Trị's
    journey.step("adopted-draft")
    page.get_by_role("link", name="Xem mô hình gốc trong danh mục toàn quốc").click()
    expect(page.locator("main")).to_contain_text("Bản áp dụng tại các tỉnh khác")
    expect(page.locator("main")).to_contain_text("Lâm Đồng")
    # A draft copy does not apply the model yet: Lâm Đồng is listed, not counted.
    expect(page.locator(".figure", has_text="Số tỉnh, thành phố đang áp dụng")).to_contain_text("0")
    journey.sign_out()


def follow_the_reminder_mail(journey, officer: str, live_env: dict, smtp_server) -> None:
    """The officer asks for mail as it happens; the daily scan (run here by hand, as an operator
    would) mails about the province's running models that are due or overdue, not the new one
    (reviewed yesterday: due in six months) nor the suspended one; a mail's link, after signing
    in, opens that model's review form."""
    page = journey.page
    handler, port = smtp_server
    journey.sign_in(officer)
    page.locator(".bell__link").click()
    page.get_by_role("link", name="Tùy chọn nhận thư").click()
    page.get_by_role("radio", name="Từng thông báo ngay khi phát sinh").check()
    journey.step("mail-preferences")
    page.get_by_role("button", name="Lưu").click()
    expect(messages(page)).to_contain_text("Đã lưu tùy chọn nhận thư của bạn.")
    journey.sign_out()

    flask(dict(live_env, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port)), "send-reminders")
    subjects = [m["Subject"] for m in handler.mails]
    assert not any(MODEL in subject or "Tổ tuần tra 8394" in subject for subject in subjects), subjects
    mine = [m for m in handler.mails if m["To"] == officer]
    assert mine and all(re.search(r"quá hạn đánh giá|đến hạn", m["Subject"]) for m in mine), subjects
    text = mine[0].get_body(("plain",)).get_content()
    link = re.search(r"^(http://\S+)$", text, re.MULTILINE).group(1)
    assert re.fullmatch(journey.url(r"/p/quang-tri/models/\d+/reviews/new"), link)  # the model's review form
    model_name = re.search(r"“(.+?)”", mine[0]["Subject"]).group(1)

    page.goto(link)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(messages(page)).to_contain_text("Đăng nhập để mở trang bạn cần xem.")
    journey.step("reminder-link-asks-to-sign-in")
    page.get_by_label("Email").fill(officer)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.locator("#main form button[type=submit]").click()
    expect(page).to_have_url(link)
    expect(h1(page)).to_have_text("Đánh giá hiệu quả mô hình")
    expect(page.get_by_role("link", name=model_name).first).to_be_visible()
    journey.step("review-form-from-the-reminder")
    journey.sign_out()


def coverage_of_quang_tri(journey) -> tuple[int, int]:
    """(wards covered, wards) on the province dashboard and on the national one: the same."""
    page = journey.page
    journey.goto("/p/quang-tri/dashboard")
    hint = page.locator(".figure", has_text="Độ bao phủ").locator(".figure__hint").inner_text()
    province = tuple(int(n.replace(".", "")) for n in re.match(r"([\d.]+)/([\d.]+)", hint).groups())
    journey.sign_out()
    journey.sign_in("quantri@bocongan.demo.vn")
    journey.goto("/ministry/dashboard/")
    row = page.locator("#province-table tr", has=page.locator("th", has_text="Quảng Trị")).inner_text()
    national = tuple(int(n.replace(".", "")) for n in re.search(r"\(([\d.]+)/([\d.]+)\)", row).groups())
    journey.sign_out()
    assert province == national
    return province


def end_the_model_and_see_coverage_drop(journey, officer: str, model_path: str) -> None:
    """Ending the model ends its two sites: on the next load both dashboards count two wards fewer."""
    page = journey.page
    journey.sign_in(officer)
    covered, wards = coverage_of_quang_tri(journey)
    journey.sign_in(officer)
    journey.goto(model_path)
    page.locator("#status-panel summary", has_text="Kết thúc mô hình").click()
    journey.wait_until_settled()  # the form comes back with the models it may be merged into
    page.locator("#status-panel").get_by_label("Lý do kết thúc").select_option(value="ineffective")
    journey.step("end-the-model")
    page.locator("#status-panel .end-model form button[type=submit]").click()
    expect(page.locator("#status-panel strong")).to_have_text("Đã kết thúc")
    expect(page.locator("#sites-panel tbody")).not_to_contain_text("Đang hoạt động")
    expect(page.locator("#history")).to_contain_text("kết thúc cùng mô hình")
    journey.step("model-ended")
    assert coverage_of_quang_tri(journey) == (covered - 2, wards)
