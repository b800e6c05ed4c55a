"""When reviews fall due: month ends, leap years, intervals, ended models, a frozen clock."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import time_machine

from registry.extensions import db
from registry.movement.models import ENDED
from registry.clock import VIETNAM, today
from registry.reviews.schedule import add_months, is_overdue, refresh_due_date
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2023, 8, 31), 6, date(2024, 2, 29)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2025, 6, 30), 6, date(2025, 12, 30)),
    (date(2025, 12, 31), 6, date(2026, 6, 30)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 1, 10), -12, date(2025, 1, 10)),
])
def test_due_dates_move_by_whole_months_clamped_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_a_model_never_reviewed_is_due_one_interval_after_launch(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2024, 8, 31), review_interval_months=6)
    assert model.next_review_due_on == date(2025, 2, 28)


def test_the_next_review_is_due_one_interval_after_the_last_period_end(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2024, 1, 1), review_interval_months=3)
    make_review(model, date(2024, 1, 1), date(2024, 11, 30))
    assert model.next_review_due_on == date(2025, 2, 28)
    make_review(model, date(2024, 12, 1), date(2025, 2, 28), status="draft")
    assert refresh_due_date(model) == date(2025, 2, 28), "a draft does not move the schedule"


def test_changing_the_interval_moves_the_due_date_and_ended_models_have_none(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2025, 3, 31), review_interval_months=6)
    assert model.next_review_due_on == date(2025, 9, 30)
    model.review_interval_months = 12
    assert refresh_due_date(model) == date(2026, 3, 31)
    model.status = ENDED
    assert refresh_due_date(model) is None


def test_overdue_only_after_the_due_date_in_vietnams_calendar(app_ctx):
    due = date(2026, 2, 28)
    with time_machine.travel(datetime(2026, 2, 28, 23, 59, tzinfo=VIETNAM), tick=False):
        assert today() == due and not is_overdue(due, today())
    # 17:30 UTC on the 28th is already 00:30 on 1 March in Vietnam.
    with time_machine.travel(datetime(2026, 2, 28, 17, 30, tzinfo=timezone.utc), tick=False):
        assert today() == date(2026, 3, 1) and is_overdue(due, today())
    assert not is_overdue(None, date(2030, 1, 1))


def test_the_model_panel_says_how_long_a_review_is_overdue(app, client, login_as):
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2025, 6, 30), review_interval_months=6)
        db.session.commit()
        model_id = model.id
    with time_machine.travel(datetime(2026, 1, 9, 8, tzinfo=VIETNAM), tick=False):
        login_as("officer")  # signed in under the frozen clock: the session cookie is dated by it
        page = client.get(f"/p/quang-tri/models/{model_id}/reviews").get_data(as_text=True)
    assert "30/12/2025" in page
    assert "10" in page and ("Quá hạn 10 ngày" in page or "Overdue by 10 days" in page)
