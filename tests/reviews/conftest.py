"""Fixtures of the reviews suites: a frozen clock and signed-in users in English."""
from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from sqlalchemy import update

from registry.accounts.models import User
from registry.extensions import db
from registry.clock import VIETNAM

# A Monday in the first quarter of 2026, 09:00 in Vietnam.
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=VIETNAM)


@pytest.fixture
def frozen():
    """Freeze the clock at NOW (before anyone signs in: session cookies are dated by it)."""
    with time_machine.travel(NOW, tick=False):
        yield NOW.date()


@pytest.fixture
def sign_in(app, login_as, frozen):
    """``sign_in(role, province)`` → the user, with an English interface for readable asserts."""

    def factory(role: str = "officer", province_slug: str = "quang-tri") -> User:
        user = login_as(role, province_slug)
        with app.app_context():
            db.session.execute(update(User).where(User.id == user.id).values(locale="en"))
            db.session.commit()
        return user

    return factory


@pytest.fixture
def officer(sign_in):
    return sign_in("officer")
