"""The bell, the notifications page, marking as read, preferences and undelivered mail."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.notifications import reminders
from registry.outbox.models import PENDING, SENT, Notification
from registry.notifications.preferences import preference_for
from registry.tenants.models import Province
from tests.conftest import mails
from tests.notifications.factories import make_failed_notification, model_due_on

DUE = date(2026, 3, 2)


def _reminders_for(app, user, count=2):
    with app.app_context():
        for number in range(count):
            model_due_on("quang-tri", DUE, created_by=user.id, name=f"Mô hình số {number + 1}")
        db.session.commit()
        reminders.scan(DUE)
        return list(db.session.scalars(select(Notification.id).where(Notification.user_id == user.id)))


def test_the_bell_shows_the_unread_count_and_refreshes_itself(app, client, login_as):
    officer = login_as("officer")
    _reminders_for(app, officer)
    page = client.get("/p/quang-tri/").get_data(as_text=True)
    assert 'class="bell__count" aria-hidden="true">2<' in page
    bell = client.get("/notifications/bell").get_data(as_text=True)
    assert 'hx-trigger="every 60s, notifications-changed from:body"' in bell and ">2<" in bell


def test_the_bell_stays_quiet_once_signed_out(client):
    assert client.get("/notifications/bell").status_code == 204


def test_the_notifications_page_lists_a_users_own_notifications_with_their_links(app, client, login_as, make_user):
    officer = login_as("officer")
    other = make_user("officer")
    _reminders_for(app, officer)
    _reminders_for(app, other, count=1)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count("notification--unread") == 2
    assert "Mô hình số 1" in page and "Mô hình số 2" in page


def test_marking_one_as_read_updates_the_list_and_tells_the_bell(app, client, login_as):
    officer = login_as("officer")
    first, _ = _reminders_for(app, officer)
    response = client.post(f"/notifications/{first}/read", headers={"HX-Request": "true"})
    assert response.headers["HX-Trigger"] == "notifications-changed"
    assert response.get_data(as_text=True).count("notification--unread") == 1
    assert "<html" not in response.get_data(as_text=True)


def test_marking_all_as_read_empties_the_bell(app, client, login_as):
    officer = login_as("officer")
    _reminders_for(app, officer)
    assert client.post("/notifications/read-all").status_code == 302
    assert "bell__count" not in client.get("/notifications/bell").get_data(as_text=True)


def test_someone_elses_notification_cannot_be_marked(app, client, login_as, make_user):
    login_as("officer")
    [theirs] = _reminders_for(app, make_user("officer"), count=1)
    assert client.post(f"/notifications/{theirs}/read").status_code == 404
    with app.app_context():
        assert db.session.get(Notification, theirs).read_at is None


def test_a_signed_in_user_chooses_a_weekly_digest(app, client, login_as):
    officer = login_as("officer")
    assert client.get("/notifications/preferences").status_code == 200
    response = client.post("/notifications/preferences", data={"frequency": "weekly", "kinds": ["review_due_today"]})
    assert response.status_code == 302
    with app.app_context():
        assert preference_for(officer.id).frequency == "weekly"


def test_a_province_admin_sees_undelivered_mail_and_sends_it_again(app, client, login_as):
    login_as("province_admin")
    with app.app_context():
        failed = make_failed_notification(db.session.scalar(select(Province).where(Province.slug == "quang-tri")))
        make_failed_notification(db.session.scalar(select(Province).where(Province.slug == "lam-dong")),
                                 email="elsewhere@test.vn")
        db.session.commit()
        failed_id = failed.id
    page = client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
    assert "unreachable@test.vn" in page and "550 5.1.1" in page and "elsewhere@test.vn" not in page
    assert client.post(f"/p/quang-tri/notifications/failures/{failed_id}/retry").status_code == 302
    with app.app_context():
        assert db.session.get(Notification, failed_id).status in (PENDING, SENT)
    assert [mail["To"] for mail in mails(app)] == ["unreachable@test.vn"]


def test_officers_may_not_see_undelivered_mail(client, login_as):
    login_as("officer")
    assert client.get("/p/quang-tri/notifications/failures").status_code == 403


def test_refused_mail_is_listed_for_whoever_can_act_on_it(app, client, login_as, make_user):
    reviewer = make_user("ministry_reviewer", None, email="reviewer@bocongan.vn")
    with app.app_context():
        quang_tri, lam_dong = (db.session.scalar(select(Province).where(Province.slug == slug))
                               for slug in ("quang-tri", "lam-dong"))
        # A ministry reviewer's notice about a nomination of Quang Tri: the ministry's to act on.
        make_failed_notification(quang_tri, reviewer.email, member_of=None, kind="nomination_submitted",
                                 params={"model": "Camera an ninh", "province": quang_tri.name, "round_year": 2026})
        # A Quang Tri officer's password reset (account mail, no province): both pages.
        make_failed_notification(None, "officer.reset@test.vn", member_of=quang_tri, kind="password_reset",
                                 immediate=True, params={})
        # A Quang Tri officer's reminder: Quang Tri's admins only.
        make_failed_notification(quang_tri, "officer.reminder@test.vn")
        make_failed_notification(lam_dong, "elsewhere@test.vn")
        db.session.commit()

    login_as("province_admin", "quang-tri")
    page = client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
    assert "officer.reset@test.vn" in page and "officer.reminder@test.vn" in page
    assert "reviewer@bocongan.vn" not in page and "elsewhere@test.vn" not in page

    login_as("ministry_admin", None)
    page = client.get("/ministry/operations/").get_data(as_text=True)
    assert "reviewer@bocongan.vn" in page and "officer.reset@test.vn" in page
    assert "officer.reminder@test.vn" not in page and "elsewhere@test.vn" not in page


def test_a_province_admin_sends_every_refused_mail_again_at_once(app, client, login_as):
    login_as("province_admin")
    with app.app_context():
        quang_tri = db.session.scalar(select(Province).where(Province.slug == "quang-tri"))
        ids = [make_failed_notification(quang_tri, f"officer.{n}@test.vn").id for n in range(3)]
        db.session.commit()
    response = client.post("/p/quang-tri/notifications/failures/resend", data={"selected": ids[:2], "send_selected": "1"})
    assert response.status_code == 302
    assert sorted(mail["To"] for mail in mails(app)) == ["officer.0@test.vn", "officer.1@test.vn"]
    client.post("/p/quang-tri/notifications/failures/resend", data={"send_all": "1"})
    assert sorted(mail["To"] for mail in mails(app)) == [f"officer.{n}@test.vn" for n in range(3)]
    page = client.get("/p/quang-tri/notifications/failures").get_data(as_text=True)
    assert "officer.2@test.vn" not in page


def test_resending_nothing_or_garbage_changes_nothing_and_says_why(app, client, login_as):
    login_as("province_admin")
    with app.app_context():
        quang_tri = db.session.scalar(select(Province).where(Province.slug == "quang-tri"))
        failed_id = make_failed_notification(quang_tri).id
        db.session.commit()
    page = client.post("/p/quang-tri/notifications/failures/resend", data={"send_selected": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bạn hãy đánh dấu các thư cần gửi lại" in page
    client.post("/p/quang-tri/notifications/failures/resend", data={"selected": "abc", "send_selected": "1"})
    assert mails(app) == []
    with app.app_context():
        assert db.session.get(Notification, failed_id).status == "failed"


@pytest.mark.parametrize("role, offered, not_offered", [
    ("officer", ["Còn 14 ngày đến hạn đánh giá", "Hồ sơ đề cử bị trả lại"],
     ["chờ thẩm định hơn 14 ngày", "được gửi lên Bộ Công an", "quá hạn đánh giá hơn 30 ngày (mỗi tuần"]),
    ("province_admin", ["quá hạn đánh giá hơn 30 ngày (mỗi tuần", "danh mục toàn quốc"], ["chờ thẩm định hơn 14 ngày"]),
    ("ministry_reviewer", ["chờ thẩm định hơn 14 ngày", "được gửi lên Bộ Công an", "Ý kiến trao đổi"],
     ["Còn 14 ngày đến hạn đánh giá", "danh mục toàn quốc"]),
])
def test_each_role_is_offered_only_the_mails_it_can_be_sent(client, login_as, role, offered, not_offered):
    login_as(role)
    page = client.get("/notifications/preferences").text
    assert all(text in page for text in offered), role
    assert not any(text in page for text in not_offered), role


def test_saving_keeps_the_setting_of_kinds_the_form_does_not_offer(app, client, login_as):
    officer = login_as("officer")
    with app.app_context():
        from registry.notifications.preferences import save_preference

        save_preference(officer.id, "immediate", ["catalogue_entry", "review_due_today"])
        db.session.commit()
    client.post("/notifications/preferences", data={"frequency": "daily", "kinds": ["review_due_today"]})
    with app.app_context():
        assert set(preference_for(officer.id).muted_kinds) >= {"catalogue_entry"}
        assert "review_due_today" not in preference_for(officer.id).muted_kinds
