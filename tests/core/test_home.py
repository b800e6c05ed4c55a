"""Each role lands on what it has to do."""
from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from registry.clock import today
from registry.extensions import db
from tests.conftest import province
from tests.core.factories import make_nomination, make_notification
from tests.factories import make_model, make_site, wards_of

NOON_IN_HANOI = "2026-06-15 05:00:00+00:00"


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@time_machine.travel(NOON_IN_HANOI, tick=False)
def test_officer_sees_overdue_and_due_reviews_and_returned_nominations_of_their_province(app, client, login_as):
    user = login_as("officer", "quang-tri")
    day = today()
    with app.app_context():
        make_model("quang-tri", "Camera an ninh thôn Tân Hòa", next_review_due_on=day - timedelta(days=3))
        make_model("quang-tri", "Tổ liên gia tự quản khu phố 2", next_review_due_on=day + timedelta(days=10))
        make_model("quang-tri", "Mô hình xa hạn", next_review_due_on=day + timedelta(days=90))
        make_model("quang-tri", "Mô hình đã kết thúc", status="ended", next_review_due_on=day - timedelta(days=30))
        returned = make_model("quang-tri", "Dòng họ tự quản về an ninh trật tự")
        make_nomination(returned, "returned")
        other = make_model("lam-dong", "Mô hình của tỉnh khác", next_review_due_on=day - timedelta(days=1))
        make_nomination(other, "returned")
        make_notification(user.id, "a")
        make_notification(user.id, "b")
        make_notification(user.id, "c", read=True)
        make_notification(user.id, "d", kind="digest")  # the mail that gathered a and b: not one more to read
        db.session.commit()

    page = _page(client)
    assert "Camera an ninh thôn Tân Hòa" in page and "Quá hạn từ 12/06/2026" in page
    assert "Tổ liên gia tự quản khu phố 2" in page and "Đến hạn ngày 25/06/2026" in page
    assert "Mô hình xa hạn" not in page and "Mô hình đã kết thúc" not in page
    assert "Dòng họ tự quản về an ninh trật tự" in page
    assert "tỉnh khác" not in page
    assert "Bạn có 2 thông báo chưa đọc." in page and 'class="bell__count" aria-hidden="true">2<' in page
    assert "Số liệu của tỉnh" not in page  # figures are for provincial admins


def test_a_single_province_officer_stays_on_home_with_a_link_to_the_province(client, login_as):
    login_as("officer", "quang-tri")
    page = _page(client)
    assert 'href="/p/quang-tri/"' in page
    assert "Không có việc nào đang chờ bạn." in page


@time_machine.travel(NOON_IN_HANOI, tick=False)
def test_provincial_admin_also_sees_models_by_status_and_coverage(app, client, login_as):
    login_as("province_admin", "quang-tri")
    with app.app_context():
        place = province("quang-tri")
        active = make_model("quang-tri", "Camera an ninh", status="active")
        make_model("quang-tri", "Bản nháp 1", status="draft")
        make_model("quang-tri", "Bản nháp 2", status="draft")
        wards = wards_of(place, 3)
        make_site(active, wards[0])
        make_site(active, wards[1])
        make_site(active, wards[2], status="ended")
        total = len(place.wards)
        db.session.commit()
    page = _page(client)
    assert "Số liệu của tỉnh" in page
    # The figure links to the list behind it.
    assert re.search(r'Mô hình: Bản nháp</dt>\s*<dd><a href="/p/quang-tri/models/\?status=draft">2</a></dd>', page)
    assert f"2 trên {total} xã, phường" in page


def test_ministry_reviewer_sees_the_nominations_queue_of_every_province(app, client, login_as):
    login_as("ministry_reviewer")
    with app.app_context():
        make_nomination(make_model("quang-tri", "A"), "submitted")
        make_nomination(make_model("lam-dong", "B"), "submitted")
        make_nomination(make_model("lam-dong", "C"), "under_review")
        make_nomination(make_model("lam-dong", "D"), "draft")
        db.session.commit()
    page = _page(client)
    assert "Hồ sơ đề cử cần thẩm định" in page
    assert '<dt>Đã gửi</dt>\n    <dd><a href="/ministry/?state=submitted">2</a></dd>' in page
    assert '<dt>Đang thẩm định</dt>\n    <dd><a href="/ministry/?state=under_review">1</a></dd>' in page
    assert 'href="/ministry/">Mở danh sách đề cử chờ thẩm định' in page
    assert "<dt>Bản nháp</dt>" not in page  # a province's drafts are not the ministry's business


def test_home_reads_a_constant_number_of_queries_per_province(app, client, login_as):
    from sqlalchemy import event

    login_as("province_admin", "quang-tri")
    with app.app_context():
        for number in range(12):
            make_nomination(make_model("quang-tri", f"Mô hình {number}", next_review_due_on=today()), "returned")
        db.session.commit()
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        _page(client)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 10, statements
