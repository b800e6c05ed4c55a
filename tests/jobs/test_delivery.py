"""Reminders reach a real SMTP server through a real Redis and ``rq worker``, once each."""
from __future__ import annotations

import subprocess
from datetime import date, timedelta

import time_machine
from sqlalchemy import select

from registry.extensions import db
from registry.clock import now_utc
from registry.notifications import reminders
from registry.notifications.links import review_form_url
from registry.outbox import dispatch
from registry.outbox.models import FAILED, SENDING, SENT, Notification
from tests.conftest import PASSWORD
from tests.jobs.conftest import ROOT, flask_command, kill_worker, run_worker, start_worker, worker_env
from tests.notifications.factories import model_due_on, set_frequency

TODAY = date(2026, 3, 2)


def _officer_with_model(app, make_user, locale="vi", due_on=TODAY, email=None):
    officer = make_user("officer", "quang-tri", email=email)
    with app.app_context():
        user = db.session.merge(officer)
        user.locale = locale
        set_frequency(user, "immediate")
        model = model_due_on("quang-tri", due_on, created_by=user, name=f"Camera an ninh {locale}")
        db.session.commit()
        return user.id, model.id, review_form_url(model)


def _scan(app, today=TODAY):
    with app.app_context():
        reminders.scan(today)
        dispatch.dispatch_pending()
        db.session.remove()


def _statuses(app):
    with app.app_context():
        return {n.kind: (n.status, n.attempts) for n in db.session.scalars(select(Notification))}


def test_a_review_due_today_mails_its_officer_once_in_their_language_with_the_review_form_link(
        redis_app, smtp_server, make_user):
    handler, _ = smtp_server
    _, _, english_link = _officer_with_model(redis_app, make_user, "en")
    _officer_with_model(redis_app, make_user, "vi")
    _scan(redis_app)
    _scan(redis_app)  # a scan run twice tells nobody twice
    run_worker(redis_app)

    assert len(handler.mails) == 2
    by_subject = {mail["Subject"]: mail for mail in handler.mails}
    english = by_subject["Review of “Camera an ninh en” due today"]
    text = english.get_body(preferencelist=("plain",)).get_content()
    html = english.get_body(preferencelist=("html",)).get_content()
    assert "http://127.0.0.1:5000" + english_link in text
    assert 'href="http://127.0.0.1:5000' + english_link in html
    assert english["Message-ID"].startswith("<notification-")
    vietnamese = next(mail for mail in handler.mails if mail is not english)
    assert vietnamese["Subject"] == "Hôm nay đến hạn đánh giá mô hình “Camera an ninh vi”"
    assert set(_statuses(redis_app).values()) == {(SENT, 1)}


def test_two_scans_at_once_produce_one_mail(redis_app, smtp_server, make_user):
    handler, _ = smtp_server
    _officer_with_model(redis_app, make_user, "vi")
    command = flask_command(redis_app, "send-reminders", "--today", TODAY.isoformat())
    env = worker_env(redis_app)
    scans = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outputs = [scan.communicate(timeout=120)[0] for scan in scans]
    assert all(scan.returncode == 0 for scan in scans), outputs
    run_worker(redis_app)
    assert len(handler.mails) == 1


def test_a_worker_killed_mid_mail_is_found_dead_and_its_mail_sent_once(redis_app, smtp_server, make_user):
    handler, _ = smtp_server
    handler.behaviour.hold_at_rcpt = __import__("threading").Event()
    handler.behaviour.hold_at_rcpt.set()
    _officer_with_model(redis_app, make_user, "vi")
    _scan(redis_app)
    worker = start_worker(redis_app)
    assert handler.behaviour.reached_rcpt.wait(60), "the worker never reached the mail server"
    kill_worker(worker)
    handler.behaviour.hold_at_rcpt.clear()
    handler.behaviour.release.set()
    assert _statuses(redis_app)["review_due_today"][0] == SENDING

    run_worker(redis_app)  # a restarted worker alone sends nothing: the claim is the dead job's
    assert handler.mails == []
    with time_machine.travel(now_utc() + dispatch.CLAIM_GRACE + timedelta(seconds=1), tick=False):
        with redis_app.app_context():
            # RQ's record of the job names a worker of this machine whose process is gone.
            assert dispatch.dispatch_outbox() == 1
    run_worker(redis_app)
    with redis_app.app_context():
        assert dispatch.dispatch_outbox() == 0
    run_worker(redis_app)
    assert len(handler.mails) == 1
    assert _statuses(redis_app)["review_due_today"] == (SENT, 2)


def test_temporary_smtp_refusals_are_retried_until_one_mail_goes_out(redis_app, smtp_server, make_user):
    handler, _ = smtp_server
    handler.behaviour.data_replies = ["451 4.3.0 try again later", "421 4.7.0 too busy"]
    _officer_with_model(redis_app, make_user, "vi")
    _scan(redis_app)
    run_worker(redis_app)
    assert len(handler.mails) == 1
    assert _statuses(redis_app)["review_due_today"] == (SENT, 3)


def test_growing_delays_between_mail_retries_are_the_configured_ones(app):
    with app.app_context():
        retry = dispatch.mail_retry()
    assert retry.intervals == sorted(retry.intervals) and retry.max == len(retry.intervals) >= 3
    assert retry.intervals[0] >= 60


def test_a_permanent_refusal_is_recorded_and_shown_to_the_province_admins(redis_app, smtp_server, make_user,
                                                                          client):
    handler, _ = smtp_server
    handler.behaviour.rcpt_reply = "550 5.1.1 mailbox unavailable"
    _officer_with_model(redis_app, make_user, "vi", email="nobody-here@test.vn")
    _scan(redis_app)
    run_worker(redis_app)
    assert handler.mails == []
    status, attempts = _statuses(redis_app)["review_due_today"]
    assert (status, attempts) == (FAILED, 1)

    admin = make_user("province_admin", "quang-tri")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    page = client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
    assert "nobody-here@test.vn" in page and "550" in page


def test_a_request_while_redis_is_down_loses_nothing_and_delivers_after_restart(
        redis_app, smtp_server, make_user, client):
    handler, port = smtp_server
    admin = make_user("province_admin", "quang-tri")
    client.post("/login", data={"email": admin.email, "password": PASSWORD})
    redis_url = redis_app.config["REDIS_URL"]
    redis_app.config["REDIS_URL"] = "redis://127.0.0.1:1/5"  # nothing listens there: Redis is "down"
    redis_app.extensions.pop("redis", None)

    response = client.post("/p/quang-tri/members/invite",
                           data={"email": "new.officer@test.vn", "name": "Lê Thị B", "role": "officer"})
    assert response.status_code == 302
    with redis_app.app_context():
        invitation = db.session.scalar(select(Notification).where(Notification.kind == "invitation"))
        assert invitation.status == "pending"

    redis_app.config["REDIS_URL"] = redis_url  # Redis is back
    redis_app.extensions.pop("redis", None)
    with redis_app.app_context():
        assert dispatch.dispatch_outbox() == 1
    run_worker(redis_app)
    assert [mail["To"] for mail in handler.mails] == ["new.officer@test.vn"]
