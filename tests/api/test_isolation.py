"""The API keeps the pages' walls, tried on every API route: another province's records answer
404 and writes change nothing; ministry routes refuse province users; refused tokens get 401
everywhere. A new API route must be placed in one of these groups, or this test fails."""
from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from registry import clock
from registry.accounts.models import User
from registry.api import tokens
from registry.api.models import ApiToken
from registry.extensions import db
from tests.api.factories import caller
from tests.conftest import province
from tests.core.factories import make_notification
from tests.route_arguments import ROUTE_ARGUMENTS

OWNER, INTRUDER = "quang-tri", "lam-dong"
PROVINCE_PREFIX = "/api/v1/provinces/<province>/"
MINISTRY_ONLY = {"/api/v1/nominations", "/api/v1/national/figures"}
PERSONAL = {"/api/v1/notifications/<int:notification_id>/read"}
# Open to every caller with a token: the caller's own things, reference data, the catalogue.
EVERY_CALLER = {"/api/v1/", "/api/v1/me", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/provinces",
                "/api/v1/provinces/<province>", "/api/v1/indicators", "/api/v1/catalogue",
                "/api/v1/catalogue/<int:model_id>", "/api/v1/notifications", "/api/v1/notifications/read"}
SAFE = {"GET", "HEAD", "OPTIONS"}


def api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")]


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _owned_arguments(app, rule) -> dict:
    with app.app_context():
        owner = province(OWNER)
        values = {name: ROUTE_ARGUMENTS[name](owner) for name in sorted(rule.arguments - {"province"})}
        db.session.commit()
    return values


def _footprint(app) -> dict:
    """Rows per table and the sum of every versioned row's version: what a write would change."""
    with app.app_context():
        found = {}
        for table in db.metadata.sorted_tables:
            found[table.name] = db.session.scalar(select(func.count()).select_from(table))
            if "version" in table.c:
                found[f"{table.name}.version"] = db.session.scalar(select(func.coalesce(func.sum(table.c.version), 0)))
        found.pop("api_token", None)  # the intruder's token notes its last use
        return found


def _call(client, method, url, headers):
    sent = dict(headers, **({} if method in SAFE else {"If-Match": "*"}))
    return client.open(url, method=method, headers=sent, json=None if method in SAFE else {})


def test_every_api_route_is_in_a_group_this_test_checks(app):
    for rule in api_rules(app):
        grouped = rule.rule.startswith(PROVINCE_PREFIX) or rule.rule in MINISTRY_ONLY | PERSONAL | EVERY_CALLER
        assert grouped, f"{rule.rule}: add it to a group of tests/api/test_isolation.py"
        for name in rule.arguments - {"province"}:
            assert name in ROUTE_ARGUMENTS, f"{rule.rule}: add a factory for <{name}> in tests/route_arguments.py"


def test_another_provinces_token_gets_404_on_every_province_route_and_changes_nothing(app, client):
    with app.app_context():
        intruder = caller("province_admin", INTRUDER, scope="write")
    rules = [rule for rule in api_rules(app) if rule.rule.startswith(PROVINCE_PREFIX)]
    assert len(rules) >= 10
    urls = []
    for rule in rules:
        values = _owned_arguments(app, rule)
        for method in _methods(rule):
            # Through the owner's province, and through the intruder's own with the owner's ids.
            for slug in {OWNER, INTRUDER if values else OWNER}:
                urls.append((method, rule.build(dict(values, province=slug), append_unknown=False)[1]))
    before = _footprint(app)
    for method, url in urls:
        response = _call(client, method, url, intruder.headers)
        assert response.status_code == 404, f"{method} {url} answered {response.status_code}: {response.text[:200]}"
        assert response.mimetype == "application/problem+json"
    assert _footprint(app) == before


def test_province_users_get_403_on_ministry_routes(app, client):
    with app.app_context():
        admin = caller("province_admin", OWNER, scope="write")
    for rule in api_rules(app):
        if rule.rule in MINISTRY_ONLY:
            for method in _methods(rule):
                assert _call(client, method, rule.rule, admin.headers).status_code == 403, rule.rule


def test_nobody_marks_another_users_notification_read(app, client):
    with app.app_context():
        owner, other = caller("officer", OWNER), caller("officer", OWNER)
        notification = make_notification(owner.user_id, "review_due:1", kind="review_due_soon")
        db.session.commit()
        notification_id = notification.id
    response = client.post(f"/api/v1/notifications/{notification_id}/read", headers=other.headers)
    assert response.status_code == 404
    assert client.get("/api/v1/notifications", headers=owner.headers).json["unread"] == 1


def _every_call(app):
    for rule in api_rules(app):
        if rule.rule == "/api/v1/docs":
            continue  # the page sends people to sign in
        values = {name: 1 for name in rule.arguments - {"province"}} | {"province": OWNER}
        for method in _methods(rule):
            yield method, rule.build(values, append_unknown=False)[1]


def test_revoked_expired_and_deactivated_tokens_are_refused_everywhere(app, client):
    with app.app_context():
        revoked, expired, inactive = (caller("province_admin", OWNER) for _ in range(3))
        tokens.revoke(db.session.get(ApiToken, revoked.token_id))
        db.session.get(ApiToken, expired.token_id).expires_at = clock.now_utc() - timedelta(seconds=1)
        db.session.get(User, inactive.user_id).active = False
        db.session.commit()
    before = _footprint(app)
    for method, url in _every_call(app):
        for who in (revoked, expired, inactive):
            response = _call(client, method, url, who.headers)
            assert response.status_code == 401, f"{method} {url} answered {response.status_code}"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _footprint(app) == before


def test_a_viewers_write_token_writes_nowhere(app, client):
    with app.app_context():
        viewer = caller("viewer", OWNER, scope="write")
    writes = [rule for rule in api_rules(app) if rule.rule.startswith(PROVINCE_PREFIX) and set(_methods(rule)) - SAFE]
    assert writes
    for rule in writes:
        values = _owned_arguments(app, rule)
        before = _footprint(app)
        for method in set(_methods(rule)) - SAFE:
            url = rule.build(dict(values, province=OWNER), append_unknown=False)[1]
            answer = _call(client, method, url, viewer.headers)
            assert answer.status_code == 403, f"{method} {url} answered {answer.status_code}"
        assert _footprint(app) == before, rule.rule


def test_a_token_expiring_while_in_use_stops_at_its_moment(app, client):
    with app.app_context():
        who = caller("officer", OWNER)
        expires_at = db.session.get(ApiToken, who.token_id).expires_at
    with time_machine.travel(expires_at - timedelta(seconds=1), tick=False):
        assert client.get("/api/v1/me", headers=who.headers).status_code == 200
    with time_machine.travel(expires_at, tick=False):
        assert client.get("/api/v1/me", headers=who.headers).status_code == 401
