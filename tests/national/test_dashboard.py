"""The ministry's national dashboard: right figures, few queries, sortable, readable without colour."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
import time_machine
from sqlalchemy import event

from registry.extensions import db
from tests.conftest import province
from tests.core.factories import make_nomination, make_review
from tests.factories import make_model, make_site, wards_of

TODAY = "2026-06-15 05:00:00+00:00"  # noon in Hanoi
URL = "/ministry/dashboard/"


def _seed(app):
    with app.app_context():
        a = make_model("quang-tri", "Camera an ninh", next_review_due_on=date(2026, 6, 1), recognised_year=2024)
        make_model("quang-tri", "Tự quản 1", category="self_management", next_review_due_on=date(2026, 7, 1))
        make_model("quang-tri", "Đã kết thúc", category="self_management", status="ended",
                   next_review_due_on=date(2026, 1, 1))
        b = make_model("lam-dong", "Tổ liên gia", category="inter_family", recognised_year=2025)
        for ward in wards_of(province("quang-tri"), 4):
            make_site(a, ward)
        make_site(b, wards_of(province("lam-dong"), 1)[0], status="ended")
        make_review(a, date(2026, 5, 10), date(2026, 5, 10))          # on the day: on time
        make_review(a, date(2025, 12, 10), date(2025, 12, 1))         # early: on time
        late = make_review(a, date(2026, 3, 10), date(2026, 3, 10))
        # 20:00 UTC on 10/03 is already 11/03 in Vietnam: late.
        late.submitted_at = datetime(2026, 3, 10, 20, 0, tzinfo=timezone.utc)
        make_review(a, date(2025, 1, 10), date(2025, 1, 10))          # older than 12 months: not counted
        make_nomination(a, "submitted")
        make_nomination(b, "approved")
        make_nomination(make_model("lam-dong", "Nháp", category="online"), "draft")
        db.session.commit()


@pytest.fixture
def ministry(login_as):
    """A ministry reviewer; signed in inside the test, so under the test's travelled clock."""
    return lambda: login_as("ministry_reviewer")


def _row(page: str, name: str) -> str:
    match = re.search(rf'<th scope="row" data-label="[^"]+"><a href="[^"]+">{name}</a></th>(.*?)</tr>', page, re.S)
    assert match, f"no row for {name}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


@time_machine.travel(TODAY, tick=False)
def test_ministry_sees_each_province_models_recognition_coverage_timeliness_and_overdue(app, client, ministry):
    ministry()
    _seed(app)
    with app.app_context():
        wards = len(province("quang-tri").wards)
    page = client.get(URL).get_data(as_text=True)
    # Models, recognised, coverage (4 wards with an active site), on time 2 of 3, overdue 1.
    assert _row(page, "Quảng Trị") == f"3 1 {round(400 / wards, 1)}% (4/{wards}) 66,7% 1".replace(".", ",")
    assert _row(page, "Lâm Đồng").startswith("2 1 0% ")  # its only site has ended
    assert _row(page, "Lâm Đồng").endswith("– 0")  # no review: no share, not zero


@time_machine.travel(TODAY, tick=False)
def test_each_figure_links_to_the_list_that_holds_exactly_that_number(app, client, ministry):
    ministry()
    _seed(app)
    page = client.get(URL).get_data(as_text=True)
    row = re.search(r'<th scope="row" data-label="[^"]+"><a href="([^"]+)">Quảng Trị</a></th>(.*?)</tr>', page, re.S)
    assert row.group(1) == "/p/quang-tri/"
    links = [(text.strip(), href.replace("&amp;", "&"))
             for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', row.group(2))]
    assert links[0] == ("3", "/ministry/dashboard/models?province=quang-tri")
    assert links[1] == ("1", "/ministry/dashboard/models?province=quang-tri&recognised=1")
    assert links[-1] == ("1", "/ministry/dashboard/models?province=quang-tri&overdue=1")
    for text, href in links:
        listed = client.get(href)
        assert listed.status_code == 200, href
        if "/models" in href:
            assert f"{text} mô hình" in listed.text, href
    headline = re.search(r'<dt>Mô hình</dt>\s*<dd><a href="([^"]+)">(\d+)</a></dd>', page)
    assert f"{headline.group(2)} mô hình" in client.get(headline.group(1)).text
    overdue = re.search(r'<dt>Đánh giá quá hạn</dt>\s*<dd><a href="([^"]+)">(\d+)</a></dd>', page)
    assert overdue.group(1) == "/ministry/dashboard/models?overdue=1"
    listed = client.get(overdue.group(1)).text
    assert f"{overdue.group(2)} mô hình" in listed and 'href="/p/quang-tri/models/' in listed


@time_machine.travel(TODAY, tick=False)
def test_charts_carry_their_values_in_words_and_late_reviews_a_pattern(app, client, ministry):
    ministry()
    _seed(app)
    page = client.get(URL).get_data(as_text=True)
    assert "66,7% đúng hạn (2 trên 3)" in page
    assert 'class="bar bar--hatched"' in page and 'id="pattern-hatched"' in page
    assert "Gửi muộn" in page  # the legend names the pattern
    # Every bar a link to the list behind it, its width its share of the whole.
    assert re.search(r'<span class="bar-chart__label"><a href="/ministry/dashboard/models\?year=2024">2024</a></span>.*?'
                     r'width="[\d.]+%".*?<span class="bar-chart__value">1 \([\d,]+%\)</span>', page, re.S)
    assert re.search(r'<span class="bar-chart__label"><a href="/ministry/\?state=submitted">Đã gửi</a></span>.*?'
                     r'<span class="bar-chart__value">1 \(', page, re.S)
    assert "Bản nháp" not in page.split("Tiến trình đề cử")[1]  # drafts are the province's own


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_reads_the_same_few_queries_whatever_the_data(app, client, ministry):
    ministry()

    def count_queries():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(URL).status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", listener)
        return [s for s in statements if "province" in s or "movement_model" in s or "review" in s or "nomination" in s]

    empty = count_queries()
    _seed(app)
    seeded = count_queries()
    figures = [s for s in seeded if "user_account" not in s and "membership" not in s]
    assert len(seeded) == len(empty)
    assert len(figures) <= 8, figures


@time_machine.travel(TODAY, tick=False)
def test_the_figures_follow_every_change_on_the_next_load_with_no_refresh(app, client, ministry):
    ministry()
    _seed(app)
    page = client.get(URL).text
    assert _row(page, "Lâm Đồng").startswith("2 1 0% ") and "cập nhật" not in page
    with app.app_context():
        make_site(make_model("lam-dong", "Mô hình mới", category="online"), wards_of(province("lam-dong"), 1)[0])
        db.session.commit()
    assert _row(client.get(URL).text, "Lâm Đồng").startswith("3 1 ")
    assert "0% " not in _row(client.get(URL).text, "Lâm Đồng")  # its new site covers a ward


@time_machine.travel(TODAY, tick=False)
def test_sorting_by_a_column_swaps_only_the_table_and_marks_the_order(app, client, ministry):
    ministry()
    _seed(app)
    full = client.get(URL + "?sort=coverage&order=desc").get_data(as_text=True)
    assert full.index(">Quảng Trị</a></th>") < full.index(">An Giang</a></th>")
    assert 'aria-sort="descending"' in full
    fragment = client.get(URL + "?sort=models&order=asc", headers={"HX-Request": "true", "HX-Target": "province-table"})
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and html.lstrip().startswith('<div class="table-wrap" id="province-table">')
    assert "HX-Request" in fragment.headers["Vary"]
    assert html.index(">An Giang</a></th>") < html.index(">Quảng Trị</a></th>")
    assert 'hx-push-url="true"' in html  # the order is in the URL: Back restores it


def test_ministry_admin_lands_on_the_national_dashboard(client, login_as):
    login_as("ministry_admin")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == URL


@pytest.mark.parametrize("role", ["officer", "province_admin", "viewer"])
def test_province_roles_get_403(client, login_as, role):
    login_as(role, "quang-tri")
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
