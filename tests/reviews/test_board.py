"""The province reviews board on a known data set (the clock is frozen at 16/03/2026)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timezone

from sqlalchemy import event, select

from registry.extensions import db
from registry.replication.models import ReplicationSite
from registry.reviews.board import Filters, due_soon, on_time_share, overdue, submitted_this_quarter
from registry.tenants.models import Ward
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

TODAY = date(2026, 3, 16)


def _at(day: date, hour: int = 3) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def _data_set(author_id: int | None = None) -> dict:
    place = province("quang-tri")
    ward, other_ward = db.session.scalars(select(Ward).where(Ward.province_id == place.id).order_by(Ward.id).limit(2))
    due = {
        "A": date(2026, 3, 20), "B": date(2026, 4, 15), "C": date(2026, 4, 16), "D": date(2026, 3, 16),
        "E": date(2026, 3, 15), "F": date(2025, 12, 1),
    }
    models = {name: scheduled_model(place, name=f"Mô hình {name}", next_review_due_on=day, category="cameras",
                               origin_ward_id=other_ward.id) for name, day in due.items()}
    models["E"].category = "inter_family"
    models["F"].origin_ward_id = ward.id
    models["A"].created_by_id = author_id
    models["G"] = scheduled_model(place, name="Mô hình G", status="ended", next_review_due_on=None)
    models["H"] = scheduled_model(place, name="Mô hình H", status="draft", next_review_due_on=date(2026, 3, 1))
    db.session.add(ReplicationSite(province_id=place.id, model_id=models["B"].id, ward_id=ward.id))
    review = dict(refresh=False)
    make_review(models["A"], date(2025, 9, 1), date(2026, 1, 31), submitted_at=_at(date(2026, 2, 10)),
                due_on=date(2026, 2, 28), **review)
    make_review(models["E"], date(2025, 7, 1), date(2025, 12, 31), submitted_at=_at(date(2026, 1, 5)),
                due_on=date(2025, 12, 31), author_id=author_id, **review)
    # 17:30 UTC on 31/12 is already 00:30 on 01/01 in Vietnam: late, and in this quarter.
    make_review(models["B"], date(2025, 7, 1), date(2025, 12, 20), submitted_at=datetime(2025, 12, 31, 17, 30, tzinfo=timezone.utc),
                due_on=date(2025, 12, 31), **review)
    make_review(models["C"], date(2025, 4, 1), date(2025, 9, 30), submitted_at=_at(date(2025, 12, 20)),
                due_on=date(2025, 12, 31), **review)
    make_review(models["D"], date(2024, 7, 1), date(2024, 12, 31), submitted_at=_at(date(2025, 2, 1)),
                due_on=date(2025, 3, 1), **review)  # more than 12 months ago
    make_review(models["D"], date(2025, 1, 1), date(2025, 6, 30), status="draft", **review)
    return {"models": models, "ward": ward.id}


def _names(models) -> list[str]:
    return [m.name[-1] for m in models]


def test_the_board_sorts_models_into_due_soon_and_overdue(app, app_ctx):
    _data_set()
    assert _names(due_soon(Filters(), TODAY)) == ["D", "A", "B"]
    assert [(m.name[-1], days) for m, days in overdue(Filters(), TODAY)] == [("F", 105), ("E", 1)]


def test_submitted_this_quarter_and_the_on_time_share_of_the_last_12_months(app, app_ctx):
    _data_set()
    assert sorted(_names(r.model for r in submitted_this_quarter(Filters(), TODAY))) == ["A", "B", "E"]
    share = on_time_share(Filters(), TODAY)
    assert (share.on_time, share.total) == (2, 4) and share.share == 0.5


def test_the_board_filters_by_category_ward_and_officer(app, app_ctx, make_user):
    officer_id = make_user("officer").id
    data = _data_set(author_id=officer_id)
    by_category = Filters(category="inter_family")
    assert _names(due_soon(by_category, TODAY)) == [] and [m.name[-1] for m, _ in overdue(by_category, TODAY)] == ["E"]
    by_ward = Filters(ward_id=data["ward"])
    assert _names(due_soon(by_ward, TODAY)) == ["B"] and [m.name[-1] for m, _ in overdue(by_ward, TODAY)] == ["F"]
    by_officer = Filters(officer_id=officer_id)
    assert _names(due_soon(by_officer, TODAY)) == ["A"]
    assert [m.name[-1] for m, _ in overdue(by_officer, TODAY)] == ["E"]
    assert sorted(_names(r.model for r in submitted_this_quarter(by_officer, TODAY))) == ["A", "E"]
    assert on_time_share(by_officer, TODAY).total == 2


def test_the_board_page_shows_the_counts_and_how_late(app, client, officer):
    with app.app_context():
        _data_set()
        db.session.commit()
    page = client.get("/p/quang-tri/reviews/").text
    assert "105 days" in page and "Mô hình F" in page
    assert "50%" in page and "2 of 4 reviews" in page
    fragment = client.get("/p/quang-tri/reviews/?category=inter_family", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div id="board-results">')
    assert "Mô hình E" in fragment and "Mô hình F" not in fragment


@contextmanager
def _counting():
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_board_runs_the_same_number_of_queries_however_many_models(app, client, officer):
    def queries_for_board() -> int:
        with app.app_context(), _counting() as statements:
            assert client.get("/p/quang-tri/reviews/").status_code == 200
        return len(statements)

    with app.app_context():
        _data_set()
        db.session.commit()
    few = queries_for_board()
    with app.app_context():
        _data_set()
        _data_set()
        db.session.commit()
    assert queries_for_board() == few


def test_each_list_shows_the_most_urgent_rows_and_the_counts_cover_them_all(app, client, officer):
    from datetime import timedelta

    from registry.reviews.board import SHOWN

    with app.app_context():
        place = province("quang-tri")
        for number in range(SHOWN + 1):
            scheduled_model(place, name=f"Mô hình trễ {number:02d}", next_review_due_on=TODAY - timedelta(days=number + 1))
        db.session.commit()
    page = client.get("/p/quang-tri/reviews/").text
    assert f"The {SHOWN} longest overdue of {SHOWN + 1}." in page
    assert f"Mô hình trễ {SHOWN:02d}" in page and "Mô hình trễ 00" not in page
    assert "/p/quang-tri/models/?overdue=1&amp;sort=due" in page
