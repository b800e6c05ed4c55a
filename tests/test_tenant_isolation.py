"""One province never sees or changes another's data — tried on every registered route."""
from __future__ import annotations

import pytest

from registry.extensions import db
from tests.conftest import province
from tests.route_arguments import ROUTE_ARGUMENTS

OWNER, INTRUDER = "quang-tri", "lam-dong"


def province_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/p/<province>")]


def ministry_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/ministry")]


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _arguments_owned_by(app, slug: str, rule) -> dict:
    values = {}
    with app.app_context():
        owner = province(slug)
        for name in sorted(rule.arguments - {"province"}):
            assert name in ROUTE_ARGUMENTS, (
                f"{rule.rule}: add a factory for <{name}> in tests/route_arguments.py"
            )
            values[name] = ROUTE_ARGUMENTS[name](owner)
        db.session.commit()
    return values


def test_the_province_area_has_routes(app):
    assert len(province_rules(app)) >= 3


def test_member_of_another_province_gets_404_on_every_province_route(app, client, login_as):
    login_as("province_admin", INTRUDER)
    tried = 0
    for rule in province_rules(app):
        values = _arguments_owned_by(app, OWNER, rule)
        for method in _methods(rule):
            # Through the owner's URL, and through the intruder's own province with the owner's ids.
            for slug in {OWNER, INTRUDER if values else OWNER}:
                url = rule.build(dict(values, province=slug), append_unknown=False)[1]
                response = client.open(url, method=method, data={})
                assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
                tried += 1
    assert tried >= len(province_rules(app))


def test_anonymous_user_is_sent_to_sign_in_and_back(app, client):
    for rule in province_rules(app):
        if "GET" not in rule.methods:
            continue
        values = _arguments_owned_by(app, OWNER, rule)
        url = rule.build(dict(values, province=OWNER), append_unknown=False)[1]
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login?next=" in response.headers["Location"]


def test_province_users_get_403_on_every_ministry_route(app, client, login_as):
    login_as("province_admin", OWNER)
    for rule in ministry_rules(app):
        values = {name: 1 for name in rule.arguments}
        for method in _methods(rule):
            url = rule.build(values, append_unknown=False)[1]
            assert client.open(url, method=method).status_code == 403, f"{method} {url}"


@pytest.mark.parametrize("slug", ["no-such-province", "LAM-DONG"])
def test_unknown_province_is_404(client, login_as, slug):
    login_as("officer", OWNER)
    assert client.get(f"/p/{slug}/").status_code == 404


@pytest.mark.parametrize("role", ["ministry_reviewer", "ministry_admin"])
def test_ministry_roles_read_every_province_page_and_change_nothing(app, client, login_as, role, caplog):
    """The drill-down from the national figures: a ministry role reads any province's pages
    (audited), and every write route of a province refuses it (403) before the view runs."""
    import logging

    login_as(role)
    read = refused = 0
    logging.getLogger("registry.audit").disabled = False  # alembic's fileConfig disables loggers made before it
    with caplog.at_level("INFO", logger="registry.audit"):
        for rule in province_rules(app):
            values = _arguments_owned_by(app, OWNER, rule)
            url = rule.build(dict(values, province=OWNER), append_unknown=False)[1]
            for method in _methods(rule):
                status = client.open(url, method=method, data={}).status_code
                if method == "GET":
                    # The factories make each argument's row on its own: a child of another parent is 404.
                    # An export is its requester's own, whoever else reads the province: 404.
                    several = len(values) > 1 or rule.endpoint.startswith("province.export_jobs.")
                    allowed = (200, 302, 403, 404) if several else (200, 302, 403)
                    assert status in allowed, f"{role} GET {url} answered {status}"
                    read += status == 200
                else:
                    assert status == 403, f"{role} {method} {url} answered {status}"
                    refused += 1
    assert read >= 20 and refused >= 20
    assert any("ministry read: user" in record.getMessage() and f"/p/{OWNER}/" in record.getMessage()
               for record in caplog.records)


def test_ministry_reading_one_province_never_reaches_another_provinces_rows(app, client, login_as):
    login_as("ministry_reviewer")
    for rule in province_rules(app):
        if "GET" not in rule.methods or not rule.arguments - {"province"}:
            continue
        values = _arguments_owned_by(app, OWNER, rule)
        url = rule.build(dict(values, province=INTRUDER), append_unknown=False)[1]
        assert client.get(url).status_code == 404, url
