"""The benchmark's query counter: a response header, only when switched on."""
from __future__ import annotations

import pytest

from registry.accounts.sessions import sign_in_client
from registry.scale.query_count import HEADER


@pytest.fixture
def counting(app, monkeypatch):
    monkeypatch.setitem(app.config, "BENCH_QUERY_COUNT", True)


def test_pages_report_their_sql_statements_when_counting_is_on(app, make_user, counting):
    user = make_user("officer", "quang-tri")
    client = app.test_client()
    sign_in_client(client, user.id)
    response = client.get("/p/quang-tri/wards?q=lam")
    assert response.status_code == 200
    # The user, the province, then the count and the page of wards.
    assert int(response.headers[HEADER]) >= 3
    assert client.get("/healthz").headers[HEADER] == "1"  # SELECT 1


def test_the_count_is_the_same_whatever_the_search_matches(app, make_user, counting):
    user = make_user("officer", "quang-tri")
    client = app.test_client()
    sign_in_client(client, user.id)
    counts = {client.get(f"/p/quang-tri/wards?q={q}").headers[HEADER] for q in ("", "a", "zzzz")}
    assert len(counts) == 1


def test_no_header_by_default(client):
    assert HEADER not in client.get("/healthz").headers
