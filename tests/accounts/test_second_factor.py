"""The second factor: enrolment with an authenticator app (codes computed here with pyotp, as
the app would), sign-in with a code or a recovery code, no code twice, and roles that must."""
from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import time_machine
from sqlalchemy import select

from registry.accounts.models import AccountEvent, User
from registry.clock import now_utc
from registry.extensions import db
from tests.accounts.conftest import sign_in
from tests.accounts.factories import enrol
from tests.conftest import mails


def _enrol_in_the_browser(client) -> tuple[pyotp.TOTP, list[str]]:
    """What a person does on the enrolment page: read the key, type the app's first code."""
    page = client.get("/account/second-factor")
    assert page.status_code == 200 and "<svg" in page.text  # the QR code, inline
    secret = re.search(r'<code class="secret" lang="en">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
    app_on_phone = pyotp.TOTP(secret)
    done = client.post("/account/second-factor", data={"code": app_on_phone.now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9-]{19})</code></li>", done.text)
    assert len(codes) == 10
    return app_on_phone, codes


def test_enrolment_then_sign_in_with_a_code_and_no_code_twice(app, client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    app_on_phone, _codes = _enrol_in_the_browser(client)
    client.post("/logout")

    with time_machine.travel(now_utc() + timedelta(seconds=31), tick=False):
        step_one = sign_in(client, user.email)
        assert step_one.headers["Location"] == "/login/code"
        assert client.get("/p/quang-tri/").status_code == 302  # the password alone opens nothing
        code = app_on_phone.now()
        assert client.post("/login/code", data={"code": code}).status_code == 302
        assert client.get("/p/quang-tri/").status_code == 200
        client.post("/logout")
        sign_in(client, user.email)
        replay = client.post("/login/code", data={"code": code})  # the same code, still in its window
        assert replay.status_code == 200 and "đã được dùng" in replay.text
        assert client.get("/p/quang-tri/").status_code == 302


def test_a_recovery_code_signs_in_once(app, client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    _app, codes = _enrol_in_the_browser(client)
    client.post("/logout")
    sign_in(client, user.email)
    assert client.post("/login/code", data={"code": codes[3].upper()}).status_code == 302
    assert client.get("/p/quang-tri/").status_code == 200
    client.post("/logout")
    sign_in(client, user.email)
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 200  # spent
    assert client.post("/login/code", data={"code": codes[4]}).status_code == 302
    with app.app_context():
        used = db.session.scalars(select(AccountEvent).where(AccountEvent.action == "recovery_code_used")).all()
        assert len(used) == 2


def test_wrong_codes_are_throttled(app, client, make_user):
    user = make_user("officer")
    with app.app_context():
        app_on_phone = enrol(db.session.get(User, user.id))
        db.session.commit()
    sign_in(client, user.email)
    for _ in range(5):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 200
    refused = client.post("/login/code", data={"code": app_on_phone.now()})
    assert refused.status_code == 429 and "Hãy chờ" in refused.text


def test_a_ministry_admin_is_refused_the_dashboard_until_the_second_factor(app, client, make_user,
                                                                            second_factor_required):
    admin = make_user("ministry_admin", None)
    sign_in(client, admin.email)
    refused = client.get("/ministry/dashboard/")
    assert refused.status_code == 303 and refused.headers["Location"] == "/account/second-factor"
    assert client.get("/ministry/accounts/").status_code == 303
    assert client.post("/ministry/accounts/appoint", data={"email": "x@y.vn"}).status_code == 303
    assert client.get("/catalogue/").status_code == 303
    _enrol_in_the_browser(client)
    assert client.get("/ministry/dashboard/").status_code == 200


def test_a_province_admin_must_enrol_but_an_officer_may_choose(app, client, make_user, second_factor_required):
    sign_in(client, make_user("province_admin").email)
    assert client.get("/p/quang-tri/").status_code == 303
    client.post("/logout")
    sign_in(client, make_user("officer").email)
    assert client.get("/p/quang-tri/").status_code == 200
    assert "Thiết lập xác thực hai lớp" in client.get("/account").text  # offered


def test_the_ministry_admin_resets_a_lost_second_factor(app, client, make_user, login_as, second_factor_required):
    reviewer = make_user("ministry_reviewer", None)
    with app.app_context():
        app_on_phone = enrol(db.session.get(User, reviewer.id))
        db.session.commit()
    phone_lost = app.test_client()
    sign_in(phone_lost, reviewer.email)
    assert phone_lost.post("/login/code", data={"code": app_on_phone.now()}).status_code == 302
    assert phone_lost.get("/ministry/").status_code == 200

    admin = login_as("ministry_admin", None)
    response = client.post(f"/ministry/accounts/{reviewer.id}/second-factor/reset")
    assert response.status_code == 302
    assert phone_lost.get("/ministry/").status_code == 302  # every session ended
    with app.app_context():
        assert not db.session.get(User, reviewer.id).has_second_factor
        [event] = db.session.scalars(select(AccountEvent).where(AccountEvent.action == "second_factor_reset"))
        assert event.actor_id == admin.id and event.user_id == reviewer.id
    assert mails(app)[-1]["To"] == reviewer.email
    # The password alone now, then enrolment before anything else.
    assert sign_in(phone_lost, reviewer.email).headers["Location"] == "/"
    assert phone_lost.get("/ministry/").headers["Location"] == "/account/second-factor"


def test_a_reviewer_may_not_reset_second_factors(app, client, make_user, login_as):
    other = make_user("officer")
    login_as("ministry_reviewer", None)
    assert client.post(f"/ministry/accounts/{other.id}/second-factor/reset").status_code == 403
    assert client.post("/ministry/accounts/999999/second-factor/reset").status_code == 404


def test_recovery_codes_are_stored_hashed(app, client, make_user):
    user = make_user("officer")
    sign_in(client, user.email)
    _app, codes = _enrol_in_the_browser(client)
    from registry.accounts.models import RecoveryCode

    with app.app_context():
        stored = [row.code_hash for row in db.session.scalars(select(RecoveryCode))]
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}
