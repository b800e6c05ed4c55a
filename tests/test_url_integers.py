"""Integers from the URL are bounded: a number too large for a 32-bit column answers 400 (query
string) or 404 (path), never 500, on SQLite and PostgreSQL alike — tried on every route."""
from __future__ import annotations

from registry.extensions import db
from tests.conftest import province
from tests.route_arguments import ROUTE_ARGUMENTS

HUGE = "99999999999999999999"
NEGATIVE_HUGE = "-99999999999999999999"
INT_ARGS = ("page", "ward", "model", "officer", "year", "exclude", "ids")


def _values(app, rule) -> dict:
    values = {}
    with app.app_context():
        owner = province("quang-tri")
        for name in sorted(rule.arguments - {"province"}):
            factory = ROUTE_ARGUMENTS.get(name)
            values[name] = factory(owner) if factory else "x"
        db.session.commit()
    return dict(values, province="quang-tri") if "province" in rule.arguments else values


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static" and not rule.rule.startswith("/dev/")]


def test_huge_numbers_in_the_query_string_answer_400_never_500(app, client, login_as):
    login_as("province_admin")
    tried = 0
    for rule in _get_rules(app):
        if rule.rule.startswith("/ministry"):
            continue
        url = rule.build(_values(app, rule), append_unknown=False)[1]
        for value in (HUGE, NEGATIVE_HUGE, "9" * 5000):
            query = "&".join(f"{name}={value}" for name in INT_ARGS) + "&field=ward&ward_q=a"
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, f"{url}: {response.status_code}"
            tried += 1
    assert tried > 30
    assert client.get(f"/p/quang-tri/models/?page={HUGE}").status_code == 400
    assert client.get(f"/p/quang-tri/reviews/?ward={HUGE}&officer={HUGE}").status_code == 400
    assert client.get(f"/p/quang-tri/sites?model={HUGE}").status_code == 400
    assert client.get("/p/quang-tri/sites?ward=99999999999").status_code == 200  # a "code" typed: no match


def test_huge_numbers_on_ministry_pages(app, client, login_as):
    login_as("ministry_admin", None)
    for rule in _get_rules(app):
        if not rule.rule.startswith("/ministry"):
            continue
        url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        query = "&".join(f"{name}={HUGE}" for name in INT_ARGS)
        assert client.get(f"{url}?{query}").status_code < 500, url
    assert client.get(f"/ministry/?year={HUGE}").status_code == 400
    assert client.get(f"/ministry/compare?ids=1&ids={HUGE}").status_code == 400


def test_huge_numbers_in_the_path_answer_404(app, client, login_as):
    login_as("province_admin")
    tried = 0
    for rule in app.url_map.iter_rules():
        numbers = {name for name, converter in rule._converters.items() if type(converter).__name__ == "BoundedIntConverter"}
        if not numbers:
            continue
        url = rule.build({name: (int(HUGE) if name in numbers else "quang-tri") for name in rule.arguments},
                         append_unknown=False)[1]
        assert HUGE in url
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            # No rule takes the number: 404, or 405 where another rule of the same shape takes other methods.
            assert response.status_code in (404, 405), f"{method} {url}: {response.status_code}"
            tried += 1
    assert tried > 40
    assert client.get(f"/p/quang-tri/models/{HUGE}").status_code == 404
    assert client.get("/p/quang-tri/models/2147483648").status_code == 404
