"""The province's own page: its work, its figures (each a link to the list behind it) and what changed."""
from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from registry.clock import today
from registry.extensions import db
from registry.movement.history import record_for_model  # noqa: F401  (the history the page reads)
from tests.factories import make_model

NOON_IN_HANOI = "2026-06-15 05:00:00+00:00"


def _figure(page: str, label: str) -> tuple[str, str]:
    match = re.search(rf"<dt>{label}</dt>\s*<dd><a href=\"([^\"]+)\">([^<]+)</a></dd>", page)
    assert match, f"no linked figure {label!r}"
    return match.group(1).replace("&amp;", "&"), match.group(2)


@time_machine.travel(NOON_IN_HANOI, tick=False)
def test_an_officer_finds_the_province_work_figures_and_changes_on_its_page(app, client, login_as):
    login_as("officer", "quang-tri")
    day = today()
    with app.app_context():
        make_model("quang-tri", "Camera an ninh thôn Tân Hòa", next_review_due_on=day - timedelta(days=3))
        make_model("quang-tri", "Tổ liên gia tự quản khu phố 2", next_review_due_on=day + timedelta(days=10))
        make_model("lam-dong", "Mô hình của tỉnh khác", next_review_due_on=day - timedelta(days=1))
        db.session.commit()
    page = client.get("/p/quang-tri/").get_data(as_text=True)
    assert "xã, phường" not in page.split("<h1>")[0]  # no ward count for a headline
    href, overdue = _figure(page, "Đánh giá quá hạn")
    assert overdue == "1" and href == "/p/quang-tri/models/?overdue=1&sort=due"
    assert "1 mô hình" in client.get(href).get_data(as_text=True)
    assert _figure(page, "Mô hình: Đang hoạt động")[1] == "2"  # figures for every role here, not only admins
    assert "Camera an ninh thôn Tân Hòa" in page and "Mô hình của tỉnh khác" not in page
    assert "Thay đổi gần đây" in page


def test_a_ministry_admin_reaches_a_province_page_from_the_national_dashboard(app, client, login_as):
    login_as("ministry_admin")
    dashboard = client.get("/ministry/dashboard/").get_data(as_text=True)
    assert '<a href="/p/quang-tri/">Quảng Trị</a>' in dashboard
    page = client.get("/p/quang-tri/").get_data(as_text=True)
    assert 'class="breadcrumbs' in page and '<a href="/ministry/dashboard/">Tổng hợp toàn quốc</a>' in page
    assert client.post("/p/quang-tri/models/new", data={"name": "x"}).status_code == 403
