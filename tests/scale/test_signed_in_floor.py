"""The benchmark's signed-in floor (bench/signed_in_floor.py): the layout, session, user and bell
around an empty body, served only where the benchmark adds it."""
from __future__ import annotations

from bench.signed_in_floor import add_signed_in_floor
from registry.accounts.sessions import sign_in_client


def test_the_application_has_no_benchmark_route(app):
    assert not [rule for rule in app.url_map.iter_rules() if "__bench" in rule.rule]


def test_the_floor_is_an_empty_province_page_of_the_signed_in_officer(app, make_user):
    add_signed_in_floor(app)
    user = make_user("officer", "quang-tri")
    client = app.test_client()
    sign_in_client(client, user.id)
    page = client.get("/__bench/p/quang-tri/floor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert user.display_name in html  # the header's user
    assert 'class="site-footer"' in html and '<main id="main"' in html
    assert client.get("/__bench/p/lam-dong/floor").status_code == 404  # not the officer's province
    assert app.test_client().get("/__bench/p/quang-tri/floor").status_code == 302  # to sign in
