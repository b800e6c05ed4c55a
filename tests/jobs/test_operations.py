"""The ministry admins' operations page: queues, failed jobs with a retry, the outbox's age."""
from __future__ import annotations

from datetime import timedelta

import time_machine
from redis import Redis
from rq import Queue
from rq.registry import FailedJobRegistry

from registry.extensions import db
from registry.clock import now_utc
from registry.notifications import service
from registry.notifications.models import FAILED, Notification
from tests.jobs.conftest import run_worker


def _broken_notification(app, user) -> int:
    """A notification whose mail cannot be built (no template): its job fails for real."""
    with app.app_context():
        notification = Notification(user_id=user.id, kind="no_such_kind", dedup_key="broken", immediate=True)
        db.session.add(notification)
        db.session.commit()
        return notification.id


def test_ministry_admins_see_failed_jobs_and_put_them_back_on_the_queue(redis_app, client, login_as, make_user):
    notification_id = _broken_notification(redis_app, make_user("officer"))
    with redis_app.app_context():
        service.dispatch_pending()
    run_worker(redis_app)
    with redis_app.app_context():
        assert db.session.get(Notification, notification_id).status == FAILED
    connection = Redis.from_url(redis_app.config["REDIS_URL"])
    [job_id] = FailedJobRegistry("mail", connection=connection).get_job_ids()

    login_as("ministry_admin", None)
    page = client.get("/ministry/operations/").get_data(as_text=True)
    assert "deliver_notification" in page and "TemplateNotFound" in page
    assert f"/ministry/operations/failed/{job_id}/retry" in page

    assert client.post(f"/ministry/operations/failed/{job_id}/retry").status_code == 302
    assert FailedJobRegistry("mail", connection=connection).count == 0
    assert Queue("mail", connection=connection).count == 1
    assert client.post("/ministry/operations/failed/no-such-job/retry").status_code == 404


def test_the_operations_page_shows_how_long_the_oldest_notification_has_waited(redis_app, client, login_as,
                                                                                make_user):
    officer = make_user("officer")
    with redis_app.app_context():
        db.session.add(Notification(user_id=officer.id, kind="invitation", dedup_key="waiting", immediate=True))
        db.session.commit()
    with time_machine.travel(now_utc() + timedelta(minutes=45), tick=False):
        login_as("ministry_admin", None)  # signed in then: a session idle for 45 minutes has ended
        page = client.get("/ministry/operations/").get_data(as_text=True)
    assert "45 min" in page or "45 phút" in page
    assert "Redis hoạt động" in page or "Redis answers" in page


def test_the_operations_page_works_in_process_too(client, login_as):
    login_as("ministry_admin", None)
    page = client.get("/ministry/operations/")
    assert page.status_code == 200
    assert "Failed jobs" not in page.get_data(as_text=True)


def test_health_reports_redis_state(redis_app, client):
    assert client.get("/healthz").get_json()["queue"] == "ok"
    redis_app.config["REDIS_URL"] = "redis://127.0.0.1:1/5"
    redis_app.extensions.pop("redis", None)
    assert client.get("/healthz").get_json()["queue"] == "unavailable"
