"""A national round run for real, in a real browser: the department opens a round, assigns two
assessors to two nominations in one go, they score one of them far apart, no decision is possible
until a third assessment, one decision document recognises both models, the catalogue keeps the
recognised text after the province edits its model, and an officer of another province finds an
ineffective model among the lessons."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

from playwright.sync_api import expect

from registry import clock
from tests.e2e.conftest import ROOT
from tests.e2e.rounds_setup import ENDED, MODELS
from tests.e2e.test_model_lifecycle_journey import (
    MINISTRY_ADMIN, assign_both_reviewers, h1, messages, recognise_in_a_decision,
)

ROUND = "Đợt xét công nhận mô hình điển hình đợt 2 năm 2026"
FIRST, SECOND = MODELS["quang-tri"], MODELS["lam-dong"]


def prepare(live_env, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "tests.e2e.rounds_setup", *args], cwd=ROOT, env=live_env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_a_round_from_opening_to_a_published_decision(journey, make_account, live_env):
    open_the_round(journey)
    prepare(live_env, "nominate", ROUND)
    assign_both_reviewers(journey, [FIRST, SECOND])
    score_far_apart(journey)
    prepare(live_env, "score", SECOND, "thamdinh1@bocongan.demo.vn", "4")
    prepare(live_env, "score", SECOND, "thamdinh2@bocongan.demo.vn", "4")
    third = make_account("ministry_reviewer", None, name="Phạm Văn Cường")
    no_decision_until_a_third_assessment(journey, third)
    recognise_in_a_decision(journey, {FIRST: "Hiệu quả rõ trên tuyến sông.", SECOND: "Dễ nhân rộng ở các chợ."},
                            number="2222/QĐ-BCA-V05", round_name=ROUND)
    prepare(live_env, "edit", FIRST, "Nội dung do tỉnh sửa sau khi được công nhận.")
    the_catalogue_keeps_the_recognised_text(journey)
    another_province_finds_the_lesson(journey)


def open_the_round(journey) -> None:
    page = journey.page
    journey.sign_in(MINISTRY_ADMIN)
    page.locator(".site-nav .menu > summary").click()  # the rounds: in the "More" menu
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Các đợt đề cử").click()
    form = page.locator("#open-round")
    form.get_by_label("Tên đợt").fill(ROUND)
    form.get_by_label("Hạn gửi hồ sơ đề cử").press_sequentially(f"{clock.today() + timedelta(days=20):%d%m%Y}")
    form.get_by_label("Tiêu chí và thang điểm (số hiệu văn bản hướng dẫn)").fill("Hướng dẫn số 15/HD-V05")
    journey.step("open-a-round")
    form.get_by_role("button", name="Mở đợt").click()
    expect(messages(page)).to_contain_text(f"Đợt “{ROUND}” đã mở")
    expect(h1(page)).to_contain_text(ROUND)
    journey.sign_out()


def score(journey, email: str, value: int) -> None:
    page = journey.page
    journey.sign_in(email)
    journey.goto("/ministry/")
    page.locator("#awaiting-my-score").get_by_role("link", name=FIRST).click()
    expect(h1(page)).to_have_text(f"Phiếu thẩm định của bạn về mô hình “{FIRST}”")
    expect(page.locator("#scoring-dossier")).to_contain_text(FIRST)
    for fieldset in page.locator("fieldset.rubric").all():
        fieldset.get_by_role("radio", name=re.compile(rf"^{value} ")).check()
        fieldset.get_by_label("Ý kiến").fill(f"Chấm {value}/5.")
    page.get_by_role("button", name="Gửi phiếu thẩm định").click()
    expect(messages(page)).to_contain_text("Đã gửi phiếu thẩm định của bạn.")


def score_far_apart(journey) -> None:
    page = journey.page
    score(journey, "thamdinh1@bocongan.demo.vn", 5)
    journey.sign_out()
    score(journey, "thamdinh2@bocongan.demo.vn", 1)
    expect(page.locator("#divergence")).to_contain_text("Tổng điểm chênh lệch 20")
    expect(page.locator("#decision")).to_contain_text("Các phiếu thẩm định chênh lệch")
    expect(page.locator("#decision form")).to_have_count(0)
    journey.step("scores-far-apart")
    journey.sign_out()


def no_decision_until_a_third_assessment(journey, third: str) -> None:
    page = journey.page
    journey.sign_in(MINISTRY_ADMIN)
    journey.goto("/ministry/rounds/")
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("link", name="Ban hành quyết định").click()
    row = page.locator("fieldset.decision-row", has_text=FIRST)
    expect(row).to_contain_text("Chưa sẵn sàng")
    expect(row.get_by_role("radio")).to_have_count(0)
    journey.step("decision-refused-until-consensus")
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ đề cử cần thẩm định").click()
    page.get_by_role("checkbox", name=f"So sánh {FIRST}").check()
    page.locator("#assign").get_by_label("Phạm Văn Cường").check()
    page.locator("#assign").get_by_role("button", name="Phân công thẩm định").click()
    expect(messages(page)).to_contain_text("Đã phân công 1 lượt")
    journey.sign_out()
    score(journey, third, 3)
    expect(page.locator("#consensus")).to_contain_text("Đã có phiếu thẩm định thứ ba")
    journey.step("third-assessment")
    journey.sign_out()


def the_catalogue_keeps_the_recognised_text(journey) -> None:
    page = journey.page
    journey.sign_in("canbo.lam-dong@demo.vn")
    page.get_by_role("navigation").get_by_role("link", name="Danh mục toàn quốc").click()
    journey.wait_until_settled()
    page.get_by_label("Tìm theo tên, gõ có dấu hoặc không dấu").fill("thach han")
    page.locator("#catalogue-results").get_by_role("link", name=FIRST).click()
    expect(page.locator("#recognised-version")).to_contain_text("2222/QĐ-BCA-V05")
    expect(page.locator("#changed-since")).to_contain_text("Tỉnh đã sửa mô hình sau khi được công nhận.")
    expect(page.locator("main")).not_to_contain_text("Nội dung do tỉnh sửa sau khi được công nhận.")
    journey.step("catalogue-recognised-version")
    page.get_by_role("link", name="Xem phiên bản hiện tại").click()
    expect(page.locator("main")).to_contain_text("Nội dung do tỉnh sửa sau khi được công nhận.")


def another_province_finds_the_lesson(journey) -> None:
    page = journey.page
    page.locator(".site-nav .menu > summary").click()  # the lessons: in the "More" menu
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bài học").click()
    journey.wait_until_settled()
    page.get_by_label("Lý do kết thúc").select_option(label="Không hiệu quả")
    lesson = page.locator("article.lesson", has_text=ENDED)
    expect(lesson).to_contain_text("Quảng Trị")
    expect(lesson).to_contain_text("Tội phạm trộm cắp ban đêm không giảm")
    expect(lesson).to_contain_text("Lực lượng dân phòng không duy trì được ca trực đêm.")
    journey.step("lessons")
    journey.sign_out()
