"""Fixtures of the API suites: ``api_caller(role, province, scope)`` → a user with a token."""
from __future__ import annotations

import pytest

from tests.api.factories import caller


@pytest.fixture
def api_caller(app):
    def make(role: str = "officer", slug: str | None = "quang-tri", scope: str = "write"):
        with app.app_context():
            return caller(role, slug, scope)

    return make


@pytest.fixture
def api(client):
    """``api.get(path, caller, **kwargs)`` and friends: requests with a caller's token."""

    class Api:
        def __getattr__(self, method):
            def call(path, who=None, headers=None, **kwargs):
                sent = dict(headers or {}) | (who.headers if who else {})
                return client.open(path, method=method.upper(), headers=sent, **kwargs)

            return call

    return Api()
