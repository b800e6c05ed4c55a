"""The benchmark's signed-in floor (bench/signed_in_floor.py): the layout, session, user and bell
around an empty body, served only where the benchmark adds it."""
from __future__ import annotations

import pytest

from bench.signed_in_floor import add_signed_in_floor
from registry import create_app
from registry.accounts.sessions import sign_in_client

SHARED = ("TESTING", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED", "MAIL_FOLDER", "UPLOAD_FOLDER", "EXPORT_FOLDER",
          "REDIS_URL", "MAIL_SERVER", "SERVER_NAME", "SECRET_KEY")


@pytest.fixture
def bench_app(app):
    """The benchmark's application: the tests' own, on the same database, plus the floor."""
    return add_signed_in_floor(create_app({key: app.config[key] for key in SHARED}))


def test_the_application_has_no_benchmark_route(app):
    assert not [rule for rule in app.url_map.iter_rules() if "__bench" in rule.rule]


def test_the_floor_is_an_empty_province_page_of_the_signed_in_officer(bench_app, make_user):
    user = make_user("officer", "quang-tri")
    client = bench_app.test_client()
    sign_in_client(client, user.id)
    page = client.get("/__bench/p/quang-tri/floor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert user.display_name in html  # the header's user
    assert 'class="site-footer"' in html and '<main id="main"' in html
    assert client.get("/__bench/p/lam-dong/floor").status_code == 404  # not the officer's province
    assert bench_app.test_client().get("/__bench/p/quang-tri/floor").status_code == 302  # to sign in
