"""Fixtures of the nomination suites."""
from __future__ import annotations

import pytest
from flask import g
from flask_babel import force_locale

from registry.extensions import db
from registry.tenants.scoping import NATIONAL


@pytest.fixture
def national(app):
    """A request context reading across provinces, as ministry pages and the CLI do (messages in English)."""
    with app.test_request_context(), force_locale("en"):
        g.tenant_scope = NATIONAL
        yield
        db.session.remove()
