"""Every page the benchmark loads (bench/pages.py) runs at most 8 SQL statements, and the same
number with more data: a small data set, then three times more of everything. A page whose
count grows with its rows has an N+1 to fix (selectinload, a join, a grouped query)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from bench.pages import MAX_QUERIES, PAGES
from registry import clock
from registry.accounts.models import User
from registry.accounts.sessions import sign_in_client
from registry.api import tokens
from registry.extensions import db
from registry.movement.models import MovementModel
from tests.conftest import province
from tests.core.factories import make_nomination, make_review
from tests.factories import make_model, make_site, wards_of

CATEGORIES = ("self_management", "cameras", "inter_family")
QUARTER_AGO = clock.today() - timedelta(days=20)


def _grow(rounds: int, start: int) -> int:
    """``rounds`` more of everything in quang-tri (models, sites, reviews, nominations) and
    recognised models in lam-dong; returns the id of quang-tri's first model."""
    place, other = province("quang-tri"), province("lam-dong")
    wards = wards_of(place, 3 * (start + rounds) + 1)
    for number in range(start, start + rounds):
        for offset, category in enumerate(CATEGORIES):
            model = make_model("quang-tri", f"Tổ tự quản số {number}-{offset}", category=category,
                               next_review_due_on=clock.today() + timedelta(days=offset * 20 - 20))
            model.created_by_id = None
            for ward in wards[3 * number:3 * number + 3]:
                make_site(model, ward)
            make_review(model, QUARTER_AGO, QUARTER_AGO)
            make_review(model, QUARTER_AGO - timedelta(days=200), QUARTER_AGO - timedelta(days=190))
            nomination = make_nomination(model, "submitted")
            nomination.submitted_at = clock.now_utc() - timedelta(days=number + 1)
            recognised = make_model("lam-dong", f"Tự quản an ninh {number}-{offset}", recognised_year=2024 + offset)
            make_site(recognised, wards_of(other, 1)[0])
    first = db.session.scalar(select(func.min(MovementModel.id)).where(MovementModel.province_id == place.id))
    for ward in wards[3 * start:3 * (start + rounds)]:  # the page's model gets more sites too
        make_site(db.session.get(MovementModel, first), ward, status="paused")
    db.session.commit()
    return first


@pytest.fixture
def signed_in(app, make_user):
    """A client per account of bench/pages.py, signed in; and a read token of each for the API."""
    users = {"officer": make_user("officer", "quang-tri"), "reviewer": make_user("ministry_reviewer"),
             "ministry": make_user("ministry_admin")}
    clients, secrets = {}, {}
    for who, user in users.items():
        clients[who] = app.test_client()
        sign_in_client(clients[who], user.id)
        with app.app_context():
            secrets[who] = tokens.issue(db.session.get(User, user.id), "benchmark", "read")[1]
            db.session.commit()
        # The token's first use is noted (once a minute): not a statement of the measured requests.
        app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secrets[who]}"})
    return clients, secrets


def _statements(app, client, path: str, headers: dict) -> list[str]:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path, headers=headers).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return statements


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_page_runs_a_few_statements_whatever_the_data(app, signed_in, page):
    clients, secrets = signed_in
    cookie_or_token, headers = page.credentials(clients, secrets)
    client = app.test_client() if page.api else cookie_or_token
    with app.app_context():
        model_id = _grow(1, 0)
    path = page.url.format(province="quang-tri", model_id=model_id)
    small = _statements(app, client, path, headers)
    with app.app_context():
        _grow(3, 1)
    large = _statements(app, client, path, headers)
    assert len(small) <= MAX_QUERIES, small
    assert len(large) == len(small), large
