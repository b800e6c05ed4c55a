"""The pages issue 18 made lean run the same few statements with 1 row and with 30: the sites
list (whole province, filtered by a chosen or a typed model, by status), its model type-ahead,
the reviews board (unfiltered, from the kept counters; filtered), the national dashboard and
the ministry queue (unfiltered and filtered)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from bench.pages import MAX_QUERIES
from registry import clock
from registry.accounts.sessions import sign_in_client
from registry.extensions import db
from registry.movement.models import MovementModel
from tests.conftest import province
from tests.core.factories import make_nomination, make_review
from tests.factories import make_model, make_site, wards_of

AGO = clock.today() - timedelta(days=20)


def _add(start: int, count: int) -> int:
    """``count`` more of every row these pages list, in quang-tri (and lam-dong for the nation);
    returns quang-tri's first model's id."""
    place = province("quang-tri")
    wards = wards_of(place, 40)
    for number in range(start, start + count):
        model = make_model("quang-tri", f"Tổ tự quản số {number}", category="self_management",
                           next_review_due_on=clock.today() - timedelta(days=number % 7 + 1))
        model.created_by_id = None
        make_site(model, wards[number % len(wards)])
        make_review(model, AGO, AGO)
        make_nomination(model, "submitted")
        make_site(make_model("lam-dong", f"Camera an ninh {number}", category="cameras"))
    db.session.commit()
    return db.session.scalar(select(func.min(MovementModel.id)).where(MovementModel.province_id == place.id))


def _statements(app, client, path: str) -> int:
    count = 0

    def counting(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counting)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counting)
    return count


PATHS = {
    "sites list": ("officer", "/p/quang-tri/sites"),
    "sites list, a chosen model": ("officer", "/p/quang-tri/sites?model={model_id}"),
    "sites list, a typed model": ("officer", "/p/quang-tri/sites?model_q=to+tu+quan+so+0"),
    "sites list, by status": ("officer", "/p/quang-tri/sites?status=active"),
    "model type-ahead": ("officer", "/p/quang-tri/model-options?field=model&model_q=to+tu"),
    "reviews board": ("officer", "/p/quang-tri/reviews/"),
    "reviews board, by category": ("officer", "/p/quang-tri/reviews/?category=self_management"),
    "national dashboard": ("ministry_admin", "/ministry/dashboard/"),
    "ministry queue": ("ministry_reviewer", "/ministry/"),
    "ministry queue, by province": ("ministry_reviewer", "/ministry/?province=quang-tri"),
}


@pytest.mark.parametrize("name", PATHS)
def test_one_row_or_thirty_the_same_few_statements(app, make_user, name):
    role, template = PATHS[name]
    user = make_user(role, "quang-tri" if role == "officer" else None)
    client = app.test_client()
    sign_in_client(client, user.id)
    with app.app_context():
        model_id = _add(0, 1)
    one = _statements(app, client, template.format(model_id=model_id))
    with app.app_context():
        _add(1, 29)
    thirty = _statements(app, client, template.format(model_id=model_id))
    assert one <= MAX_QUERIES
    assert thirty == one
