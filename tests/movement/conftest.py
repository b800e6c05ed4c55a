"""Fixtures of the models area: models made in the database, read back by id."""
from __future__ import annotations

import pytest

from registry.extensions import db
from tests import factories
from tests.movement.factories import create_attachment


@pytest.fixture
def make_model(app):
    """``make_model(slug="quang-tri", name=..., **fields)`` → the new model's id (committed)."""

    def factory(slug: str = "quang-tri", name: str = "Camera an ninh", **values) -> int:
        with app.app_context():
            model = factories.make_model(slug, name, **values)
            db.session.commit()
            return model.id

    return factory


@pytest.fixture
def make_attachment(app):
    def factory(model_id: int, filename: str = "quyết định.pdf", data: bytes = b"%PDF-1.4 test") -> int:
        from registry.movement.models import MovementModel

        with app.app_context():
            attachment = create_attachment(db.session.get(MovementModel, model_id), filename, data)
            db.session.commit()
            return attachment.id

    return factory


def model_url(model_id: int, suffix: str = "", slug: str = "quang-tri") -> str:
    return f"/p/{slug}/models/{model_id}{suffix}"
