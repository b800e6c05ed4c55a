"""The ministry opens and closes rounds; provinces are reminded before the deadline."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from registry import clock
from registry.extensions import db
from registry.nominations.models import NominationRound
from registry.nominations.tasks import remind_round_deadlines
from registry.outbox.models import Notification
from tests.factories import province
from tests.nominations.factories import eligible_model, make_nomination, make_round


def test_the_ministry_admin_opens_a_round_with_a_ddmmyyyy_deadline(app, client, login_as):
    login_as("ministry_admin", None)
    deadline = clock.today() + timedelta(days=45)
    response = client.post("/ministry/rounds/", data={
        "name": "Đợt xét công nhận năm 2026", "year": "2026", "deadline": f"{deadline:%d/%m/%Y}",
        "min_months_active": "12", "criteria": "Hướng dẫn số 12/HD-V05"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đợt xét công nhận năm 2026" in page and f"{deadline:%d/%m/%Y}" in page
    with app.app_context():
        round_ = db.session.scalar(select(NominationRound))
        assert (round_.status, round_.deadline, round_.min_months_active) == ("open", deadline, 12)
    assert "Đợt xét công nhận năm 2026" in client.get("/ministry/rounds/").get_data(as_text=True)


def test_a_deadline_in_the_past_is_refused_next_to_the_field(app, client, login_as):
    login_as("ministry_admin", None)
    response = client.post("/ministry/rounds/", data={
        "name": "Đợt cũ", "year": "2026", "deadline": f"{clock.today() - timedelta(days=1):%d/%m/%Y}",
        "min_months_active": "12"})
    assert response.status_code == 200 and 'id="deadline-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(NominationRound)) is None


def test_a_reviewer_reads_rounds_but_cannot_open_or_close_them(app, client, login_as):
    with app.app_context():
        round_id = make_round().id
        db.session.commit()
    login_as("ministry_reviewer", None)
    page = client.get("/ministry/rounds/").get_data(as_text=True)
    assert "Đợt xét công nhận" in page and 'id="open-round"' not in page
    assert client.post("/ministry/rounds/", data={"name": "x"}).status_code == 403
    assert client.post(f"/ministry/rounds/{round_id}/close", data={"confirmed": "yes"}).status_code == 403


def test_closing_a_round_asks_first_then_stops_nominations(app, client, login_as):
    with app.app_context():
        round_id = make_round().id
        model_id = eligible_model(province("quang-tri")).id
        db.session.commit()
    login_as("ministry_admin", None)
    asked = client.post(f"/ministry/rounds/{round_id}/close").get_data(as_text=True)
    assert 'id="confirm"' in asked
    client.post(f"/ministry/rounds/{round_id}/close", data={"confirmed": "yes"})
    with app.app_context():
        assert db.session.get(NominationRound, round_id).status == "closed"
    login_as("officer")
    panel = client.get(f"/p/quang-tri/models/{model_id}/nominations").get_data(as_text=True)
    assert "Chưa có đợt nào đang mở" in panel


def test_the_round_page_lists_what_the_provinces_sent(app, client, login_as):
    with app.app_context():
        round_ = make_round()
        make_nomination(eligible_model(province("quang-tri"), name="Camera an ninh Gio Linh"), status="submitted",
                        round_=round_)
        make_nomination(eligible_model(province("lam-dong"), name="Tổ tự quản Đà Lạt"), round_=round_)
        db.session.commit()
        round_id = round_.id
    login_as("ministry_reviewer", None)
    page = client.get(f"/ministry/rounds/{round_id}").get_data(as_text=True)
    assert "Camera an ninh Gio Linh" in page and "Tổ tự quản Đà Lạt" not in page  # a draft is the province's own


def test_province_admins_are_reminded_14_and_3_days_before_the_deadline_once(app, make_user):
    admin = make_user("province_admin", "quang-tri")
    with app.app_context():
        round_ = make_round(days_left=14)
        make_nomination(eligible_model(province("quang-tri")), round_=round_)
        db.session.commit()
        assert remind_round_deadlines() == {"round_deadline": 1}
        assert remind_round_deadlines() == {}
        told = db.session.scalar(select(Notification).where(Notification.user_id == admin.id))
        assert told.kind == "round_deadline" and told.params["unsent"] == 1 and told.params["days"] == 14
        assert remind_round_deadlines((clock.today() + timedelta(days=1)).isoformat()) == {}
        assert remind_round_deadlines((clock.today() + timedelta(days=11)).isoformat()) == {"round_deadline": 1}
