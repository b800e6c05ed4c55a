"""The reminder rules: who is told what, when, in Vietnam's calendar; and the in-process mode."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine
from flask import Flask
from sqlalchemy import func, select

from registry.accounts.sessions import sign_in_client
from registry.extensions import db
from registry.clock import VIETNAM
from registry.notifications import reminders
from registry.notifications.links import review_form_path, review_form_url
from registry.notifications.mail import render_summary
from registry.notifications.models import Notification
from tests.conftest import mails
from tests.notifications.factories import make_nomination, model_due_on, set_frequency

DUE = date(2026, 3, 2)


def at_six_in_vietnam(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=VIETNAM)


@pytest.mark.parametrize(("days_before_due", "expected"), [
    (15, []),
    (14, [("review_due_soon", "")]),
    (1, [("review_due_soon", "")]),
    (0, [("review_due_today", "")]),
    (-1, [("review_overdue", "p0")]),
    (-7, [("review_overdue", "p0")]),
    (-8, [("review_overdue", "p1")]),
    (-30, [("review_overdue", "p4")]),
    (-31, [("review_overdue", "p4")]),  # the admins hear of it in their weekly summary
])
def test_what_a_review_due_on_a_day_calls_for(days_before_due, expected):
    assert reminders.review_reminders(DUE, DUE - timedelta(days=days_before_due)) == expected


def _kinds_by_user(user_id: int) -> list[str]:
    return list(db.session.scalars(
        select(Notification.kind).where(Notification.user_id == user_id).order_by(Notification.id)))


def test_an_overdue_review_reminds_its_officer_every_7_days_and_tells_the_admins_after_30(app_ctx, make_user):
    officer, admin = make_user("officer"), make_user("province_admin")
    model_due_on("quang-tri", DUE, created_by=officer)
    db.session.commit()
    for offset in range(-20, 45):  # one scan a day, from 20 days before the due date
        with time_machine.travel(at_six_in_vietnam(DUE + timedelta(days=offset)), tick=False):
            reminders.scan()
            reminders.scan()  # run twice: nobody is told twice
    assert _kinds_by_user(officer.id) == ["review_due_soon", "review_due_today"] + ["review_overdue"] * 7
    days = db.session.scalars(select(Notification.params).where(Notification.kind == "review_overdue")).all()
    assert [params["days_overdue"] for params in days] == [1, 8, 15, 22, 29, 36, 43]
    # More than 30 days overdue from 2 April (a Thursday) to 15 April: three weeks, one summary each.
    assert _kinds_by_user(admin.id) == ["review_escalated"] * 3
    summaries = db.session.scalars(select(Notification).where(Notification.kind == "review_escalated")).all()
    assert [(n.params["count"], n.params["oldest_day"], n.params["days_overdue"]) for n in summaries] == [
        (1, "02/03/2026", 31), (1, "02/03/2026", 35), (1, "02/03/2026", 42)]


def test_admins_get_one_summary_a_week_of_the_province_s_long_overdue_reviews(app, app_ctx, make_user):
    admins = [make_user("province_admin"), make_user("province_admin")]
    officer = make_user("officer")
    for days_late in (31, 45, 10):
        model_due_on("quang-tri", DUE - timedelta(days=days_late), created_by=officer)
    model_due_on("lam-dong", DUE - timedelta(days=60))
    db.session.commit()
    reminders.scan(DUE)
    reminders.scan(DUE + timedelta(days=3))  # later the same week: nothing new for the admins
    for admin in admins:
        [summary] = db.session.scalars(select(Notification).where(Notification.user_id == admin.id)).all()
        assert summary.kind == "review_escalated" and summary.link == "/p/quang-tri/models/?overdue=1&sort=due"
        assert (summary.params["count"], summary.params["oldest_day"]) == (2, "16/01/2026")
    with app.test_request_context():  # as the notifications page shows it
        assert render_summary(summary) == ("2 mô hình của Quảng Trị quá hạn sơ kết, đánh giá hơn 30 ngày; "
                                           "lâu nhất đến hạn ngày 16/01/2026.")


def test_the_scan_counts_days_in_vietnam_not_in_utc(app_ctx, make_user):
    officer = make_user("officer")
    model_due_on("quang-tri", DUE, created_by=officer)
    db.session.commit()
    # 23:30 UTC on 1 March is 06:30 on 2 March in Vietnam: the review is due today.
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc), tick=False):
        reminders.scan()
    assert _kinds_by_user(officer.id) == ["review_due_today"]


def test_when_the_creator_no_longer_edits_the_province_every_officer_is_reminded(app_ctx, make_user):
    creator = make_user("viewer")
    officers = [make_user("officer"), make_user("officer")]
    make_user("officer", "lam-dong")
    model_due_on("quang-tri", DUE, created_by=creator)
    db.session.commit()
    reminders.scan(DUE)
    recipients = db.session.scalars(select(Notification.user_id).order_by(Notification.user_id)).all()
    assert recipients == [officer.id for officer in officers]


def test_ended_and_draft_models_are_not_reminded(app_ctx, make_user):
    officer = make_user("officer")
    model_due_on("quang-tri", DUE, created_by=officer, status="ended")
    model_due_on("quang-tri", DUE, created_by=officer, status="draft")
    db.session.commit()
    assert reminders.scan(DUE) == {}


def test_a_nomination_waiting_more_than_14_days_reminds_every_ministry_reviewer(app_ctx, make_user):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    make_user("ministry_admin")
    model = model_due_on("quang-tri", None)
    make_nomination(model, datetime(2026, 3, 1, 9, 0, tzinfo=VIETNAM))
    make_nomination(model_due_on("lam-dong", None), datetime(2026, 3, 1, 9, 0, tzinfo=VIETNAM),
                    status="approved")
    db.session.commit()
    assert reminders.scan(date(2026, 3, 15)) == {}  # 14 days: not yet
    assert reminders.scan(date(2026, 3, 16)) == {"nomination_waiting": 2}
    assert reminders.scan(date(2026, 3, 22)) == {}  # the same week
    assert reminders.scan(date(2026, 3, 23)) == {"nomination_waiting": 2}  # 7 days later, again
    recipients = set(db.session.scalars(select(Notification.user_id)))
    assert recipients == {reviewer.id for reviewer in reviewers}


def test_the_ministry_counts_reviews_more_than_60_days_overdue_by_province(app_ctx):
    model_due_on("quang-tri", DUE - timedelta(days=61))
    model_due_on("quang-tri", DUE - timedelta(days=90))
    model_due_on("quang-tri", DUE - timedelta(days=60))
    model_due_on("lam-dong", DUE - timedelta(days=200))
    model_due_on("lam-dong", DUE - timedelta(days=200), status="ended")
    db.session.commit()
    counts = reminders.long_overdue_counts(DUE)
    slugs = {province_id: count for province_id, count in counts.items()}
    assert sorted(slugs.values()) == [1, 2]


def test_reminders_link_to_the_review_form_once_the_reviews_area_is_there():
    with_reviews = Flask(__name__)
    with_reviews.config["PUBLIC_URL"] = "https://registry.example.vn"
    with_reviews.add_url_rule("/p/<province>/models/<int:model_id>/reviews/new", "province.reviews.new",
                              lambda **_: "")
    with with_reviews.app_context():
        assert review_form_path("quang-tri", 7) == "/p/quang-tri/models/7/reviews/new"


def test_in_process_mode_writes_the_reminder_to_the_mailbox_page_at_once(app, runner, client, make_user):
    officer = make_user("officer")
    with app.app_context():
        set_frequency(officer.id, "immediate")
        link = review_form_url(model_due_on("quang-tri", DUE, created_by=officer.id, name="Camera an ninh Cam Lộ"))
        db.session.commit()
    result = runner.invoke(args=["send-reminders", "--today", DUE.isoformat()])
    assert "reminders written: 1" in result.output, result.output
    [mail] = mails(app)
    assert mail["To"] == officer.email
    assert "Camera an ninh Cam Lộ" in mail["Subject"]
    assert "http://127.0.0.1:5000" + link in mail.get_body(preferencelist=("plain",)).get_content()
    sign_in_client(client, make_user("ministry_admin", None).id)  # the mailbox is a ministry admin's
    assert "Camera an ninh Cam Lộ" in client.get("/dev/mail").get_data(as_text=True)


def test_invitations_are_mailed_at_once_whatever_the_digest_preference(app, client, login_as):
    login_as("province_admin")
    response = client.post("/p/quang-tri/members/invite",
                           data={"email": "moi@test.vn", "name": "Trần Văn C", "role": "officer"})
    assert response.status_code == 302
    assert [mail["To"] for mail in mails(app)] == ["moi@test.vn"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.status == "sent")) == 1
