"""On SQLite the generator stops at once and says what it needs."""
from __future__ import annotations

import pytest

from registry.extensions import db


def test_sqlite_is_refused_with_a_clear_message(app, runner):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the refusal is about SQLite")
    result = runner.invoke(args=["generate-scale", "--models", "5", "--sites", "5", "--reviews", "1", "--users", "5"])
    assert result.exit_code != 0
    assert "needs PostgreSQL" in result.output
