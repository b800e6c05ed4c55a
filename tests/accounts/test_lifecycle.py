"""Taking access away, and giving it: province admins on the members page, the ministry admin's
account management, the operators' commands. Everything audited; names stay on the history."""
from __future__ import annotations

from sqlalchemy import select

from registry.accounts.models import AccountEvent, Membership, User
from registry.extensions import db
from tests.accounts.conftest import sign_in
from tests.conftest import mails, province

MEMBERS = "/p/quang-tri/members/"


def _membership(app, user_id: int, slug: str = "quang-tri") -> Membership:
    with app.app_context():
        membership = db.session.scalar(select(Membership).where(
            Membership.user_id == user_id, Membership.province_id == province(slug).id))
        db.session.expunge(membership)
        return membership


def _events(app, action: str) -> list[AccountEvent]:
    with app.app_context():
        events = db.session.scalars(select(AccountEvent).where(AccountEvent.action == action)).all()
        for event in events:
            db.session.expunge(event)
        return events


def test_a_province_admin_changes_roles_deactivates_reactivates_and_removes(app, client, login_as, make_user):
    member = make_user("officer")
    admin = login_as("province_admin")
    membership = _membership(app, member.id)
    assert client.post(f"{MEMBERS}{membership.id}/role", data={"role": "viewer"}).status_code == 302
    assert _membership(app, member.id).role == "viewer"
    assert client.post(f"{MEMBERS}{membership.id}/deactivate").status_code == 302
    assert not _membership(app, member.id).active
    page = client.get(MEMBERS).text
    assert "Đã khóa" in page and "Mở khóa" in page
    assert client.post(f"{MEMBERS}{membership.id}/reactivate").status_code == 302
    assert _membership(app, member.id).active
    assert client.post(f"{MEMBERS}{membership.id}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(User, member.id) is not None  # the account stays
        assert db.session.get(Membership, membership.id) is None
    [changed] = _events(app, "role_changed")
    assert (changed.actor_id, changed.user_id, changed.changes) == (admin.id, member.id, {"role": ["officer", "viewer"]})
    assert len(_events(app, "member_deactivated")) == len(_events(app, "membership_removed")) == 1
    history = client.get(MEMBERS).text
    assert "đổi vai trò: Cán bộ → Người xem" in history and "bị đưa ra khỏi tỉnh" in history


def test_the_province_keeps_its_last_admin(app, client, login_as):
    admin = login_as("province_admin")
    own = _membership(app, admin.id)
    for action, data in (("role", {"role": "officer"}), ("deactivate", {}), ("remove", {})):
        response = client.post(f"{MEMBERS}{own.id}/{action}", data=data, follow_redirects=True)
        assert "Tỉnh sẽ không còn quản trị viên nào" in response.text, action
    assert _membership(app, admin.id).role == "province_admin" and _membership(app, admin.id).active


def test_only_admins_act_and_only_on_their_province(app, client, login_as, make_user):
    elsewhere = make_user("officer", "lam-dong")
    here = make_user("officer")
    login_as("province_admin")
    foreign = _membership(app, elsewhere.id, "lam-dong")
    for action in ("role", "deactivate", "reactivate", "remove", "invitation"):
        assert client.post(f"{MEMBERS}{foreign.id}/{action}", data={"role": "viewer"}).status_code == 404
    assert _membership(app, elsewhere.id, "lam-dong").role == "officer"
    login_as("officer")
    assert client.post(f"{MEMBERS}{_membership(app, here.id).id}/deactivate").status_code == 403


def test_an_invitation_is_sent_again_with_a_new_link(app, client, login_as):
    login_as("province_admin")
    client.post(f"{MEMBERS}invite", data={"email": "moi@congan.vn", "name": "Trần Văn Mới", "role": "officer"})
    with app.app_context():
        invited = db.session.scalar(select(User).where(User.email == "moi@congan.vn"))
        membership_id = invited.memberships[0].id
    assert client.post(f"{MEMBERS}{membership_id}/invitation").status_code == 302
    first, second = mails(app)
    assert first["To"] == second["To"] == "moi@congan.vn" and "/invitation/" in second.get_body().get_content()
    assert len(_events(app, "invitation_resent")) == 1


def test_a_deactivated_users_name_stays_on_their_history(app, client, login_as, make_user):
    author = make_user("officer")
    with app.app_context():
        db.session.get(User, author.id).name = "Hoàng Văn Tác"
        db.session.commit()
    browser = app.test_client()
    sign_in(browser, author.email)
    created = browser.post("/p/quang-tri/models/new", data={
        "name": "Tổ tự quản an ninh thôn Đông", "category": "self_management", "target_setting": "residential",
        "summary": "Tổ tự quản", "review_interval_months": "6"})
    assert created.status_code == 302, created.text[:500]
    login_as("ministry_admin", None)
    assert client.post(f"/ministry/accounts/{author.id}/deactivate").status_code == 302
    assert browser.get("/p/quang-tri/").status_code == 302
    officer_client = app.test_client()
    sign_in(officer_client, make_user("officer").email)
    model_page = officer_client.get(created.headers["Location"]).text
    assert "Hoàng Văn Tác" in model_page


def test_the_ministry_admin_lists_searches_and_manages_accounts(app, client, login_as, make_user):
    officer = make_user("officer", email="tran.thi.b@congan.vn")
    make_user("viewer", "lam-dong", email="le.van.c@congan.vn")
    login_as("ministry_admin", None)
    listing = client.get("/ministry/accounts/?q=tran.thi")
    assert "tran.thi.b@congan.vn" in listing.text and "le.van.c@congan.vn" not in listing.text
    assert "le.van.c@congan.vn" in client.get("/ministry/accounts/?province=lam-dong").text
    assert client.get(f"/ministry/accounts/{officer.id}").status_code == 200
    assert client.post(f"/ministry/accounts/{officer.id}/deactivate").status_code == 302
    assert "tran.thi.b@congan.vn" in client.get("/ministry/accounts/?status=inactive").text
    assert client.post(f"/ministry/accounts/{officer.id}/reactivate").status_code == 302
    with app.app_context():
        assert db.session.get(User, officer.id).active
    # Appointing the admin of a province: a new address is invited.
    appointed = client.post("/ministry/accounts/appoint", data={
        "email": "quantri.moi@congan.vn", "name": "Phạm Văn Mới", "province": str(_province_id(app, "son-la")),
        "role": "province_admin"})
    assert appointed.status_code == 302
    assert mails(app)[-1]["To"] == "quantri.moi@congan.vn"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "quantri.moi@congan.vn"))
        assert [(m.province.slug, m.role) for m in user.memberships] == [("son-la", "province_admin")]
    # An existing account gets a role in another province.
    assert client.post(f"/ministry/accounts/{officer.id}/memberships", data={
        "province": str(_province_id(app, "phu-tho")), "role": "province_admin"}).status_code == 302
    assert _membership(app, officer.id, "phu-tho").role == "province_admin"
    assert client.get("/ministry/accounts/999999").status_code == 404


def test_ministry_reviewers_and_province_users_get_no_account_management(app, client, login_as, make_user):
    target = make_user("officer")
    login_as("ministry_reviewer", None)
    assert client.get("/ministry/accounts/").status_code == 403
    assert client.get(f"/ministry/accounts/{target.id}").status_code == 403
    assert client.post(f"/ministry/accounts/{target.id}/deactivate").status_code == 403
    with app.app_context():
        assert db.session.get(User, target.id).active


def test_the_operators_commands(app, runner, make_user):
    user = make_user("officer", email="can.bo@congan.vn")
    for args, check in (
        (["deactivate-user", "--email", user.email], lambda u: not u.active),
        (["reactivate-user", "--email", user.email], lambda u: u.active),
        (["set-role", "--email", user.email, "--role", "province_admin", "--province", "quang-tri"],
         lambda u: u.memberships[0].role == "province_admin"),
        (["set-role", "--email", user.email, "--role", "ministry_reviewer"], lambda u: u.ministry_role == "ministry_reviewer"),
        (["reset-second-factor", "--email", user.email], lambda u: not u.has_second_factor),
        (["end-sessions", "--email", user.email], lambda u: True),
        (["create-user", "--email", "quan.tri@congan.vn", "--password", "mot-quan-tri-khac", "--role",
          "province_admin", "--province", "quang-tri"], lambda u: True),  # the province keeps an admin
        (["set-role", "--email", user.email, "--role", "none", "--province", "quang-tri"], lambda u: not u.memberships),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        with app.app_context():
            assert check(db.session.get(User, user.id)), args
    events = _events(app, "deactivated")
    assert events[0].actor_id is None and events[0].note == "command line"
    refused = runner.invoke(args=["create-user", "--email", "x@y.vn", "--password", "password1234", "--role", "officer",
                                  "--province", "son-la"])
    assert refused.exit_code != 0 and "quá dễ đoán" in refused.output


def _province_id(app, slug: str) -> int:
    with app.app_context():
        return province(slug).id




def test_a_deactivated_member_is_no_longer_reminded_the_province_is(app, runner, make_user):
    from datetime import date

    from registry.accounts.service import suspend_membership
    from registry.notifications.models import Notification
    from tests.notifications.factories import model_due_on

    author, colleague = make_user("officer"), make_user("officer")
    make_user("province_admin")
    with app.app_context():
        model_due_on("quang-tri", date(2026, 3, 2), created_by=author.id)
        suspend_membership(db.session.get(User, author.id).memberships[0])
        db.session.commit()
    assert runner.invoke(args=["send-reminders", "--today", "2026-03-02"]).exit_code == 0
    with app.app_context():
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "review_due_today")))
    assert told == {colleague.id}
