"""When reviews fall due (running models only, from activation, a new interval on resuming),
which period a new review offers, month ends and leap years, Vietnam's calendar."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import time_machine

from registry.clock import VIETNAM, today
from registry.extensions import db
from registry.figures import rules
from registry.figures.schedule import add_months, complete_periods, offered_period, refresh_due_date
from registry.movement.models import DRAFT, ENDED
from registry.movement.service import change_status, create_model
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

LAUNCH = date(2025, 1, 15)


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


def _registered(launched_on: date = LAUNCH, months: int = 6):
    return create_model(province("quang-tri").id, {
        "name": "Tổ tự quản bến đò", "category": "self_management", "target_setting": "residential",
        "launched_on": launched_on, "review_interval_months": months}, None)


def test_a_model_registered_with_an_old_launch_date_is_first_due_one_interval_after_activation(app_ctx):
    model = _registered(launched_on=date(2019, 3, 1))
    assert model.status == DRAFT and model.next_review_due_on is None, "a draft is not due"
    change_status(model, "activate", None, today=date(2026, 3, 16))
    assert model.activated_on == date(2026, 3, 16)
    assert model.next_review_due_on == date(2026, 9, 16), "not overdue since 2019 on its first day"
    assert rules.days_overdue(model, date(2026, 3, 16)) is None


def test_a_review_recorded_before_the_first_due_date_moves_it(app_ctx):
    model = _registered()
    change_status(model, "activate", None, today=date(2026, 3, 16))
    make_review(model, date(2025, 7, 15), date(2026, 1, 14))
    assert model.next_review_due_on == date(2026, 7, 14)
    make_review(model, date(2026, 1, 15), date(2026, 7, 14), status="draft")
    assert refresh_due_date(model) == date(2026, 7, 14), "a draft does not move the schedule"


def test_suspended_models_are_not_due_and_resuming_starts_a_new_interval(app_ctx):
    model = _registered()
    change_status(model, "activate", None, today=date(2025, 2, 1))
    assert model.next_review_due_on == date(2025, 8, 1)
    change_status(model, "suspend", None, today=date(2025, 5, 1))
    assert model.next_review_due_on is None
    change_status(model, "resume", None, today=date(2025, 12, 1))  # 01/08 passed while suspended
    assert model.resumed_on == date(2025, 12, 1) and model.next_review_due_on == date(2026, 6, 1)


def test_resuming_keeps_an_earlier_due_date_that_is_still_ahead(app_ctx):
    model = _registered()
    change_status(model, "activate", None, today=date(2025, 2, 1))
    change_status(model, "suspend", None, today=date(2025, 3, 1))
    change_status(model, "resume", None, today=date(2025, 4, 1))
    assert model.next_review_due_on == date(2025, 8, 1)


def test_changing_the_interval_moves_the_due_date_and_ended_models_have_none(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2025, 3, 31), review_interval_months=6)
    assert model.next_review_due_on == date(2025, 9, 30)
    model.review_interval_months = 12
    assert refresh_due_date(model) == date(2026, 3, 31)
    model.status = ENDED
    assert refresh_due_date(model) is None


def test_overdue_only_after_the_due_date_in_vietnams_calendar(app_ctx):
    model = scheduled_model(province("quang-tri"), next_review_due_on=date(2026, 2, 28))
    with time_machine.travel(datetime(2026, 2, 28, 23, 59, tzinfo=VIETNAM), tick=False):
        assert today() == date(2026, 2, 28) and rules.days_overdue(model, today()) is None
    # 17:30 UTC on the 28th is already 00:30 on 1 March in Vietnam.
    with time_machine.travel(datetime(2026, 2, 28, 17, 30, tzinfo=timezone.utc), tick=False):
        assert today() == date(2026, 3, 1) and rules.days_overdue(model, today()) == 1
    model.status = "suspended"
    assert rules.days_overdue(model, date(2030, 1, 1)) is None


def test_a_never_reviewed_model_is_offered_its_most_recent_complete_period_aligned_on_launch(app_ctx):
    model = _registered(launched_on=date(2024, 9, 16))
    change_status(model, "activate", None, today=date(2026, 1, 10))
    today_ = date(2026, 3, 16)  # launched 18 months ago
    assert offered_period(model, None, today_) == (date(2025, 9, 16), date(2026, 3, 15))
    assert complete_periods(model, None, today_) == [
        (date(2024, 9, 16), date(2025, 3, 15)), (date(2025, 3, 16), date(2025, 9, 15)),
        (date(2025, 9, 16), date(2026, 3, 15))]


def test_after_a_long_gap_the_offered_period_is_aligned_on_the_last_reviewed_end(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2022, 1, 1), review_interval_months=6)
    assert offered_period(model, date(2023, 6, 30), date(2026, 3, 16)) == (date(2025, 7, 1), date(2025, 12, 31))


def test_the_next_review_is_due_when_the_interval_after_the_last_period_ends(app_ctx):
    """A half-year to 30/06 is followed by 01/07–31/12, due on 31/12 (not on 30/12, which would
    make a review of that half-year late by a day)."""
    model = scheduled_model(province("quang-tri"), launched_on=date(2024, 1, 1), review_interval_months=6)
    make_review(model, date(2025, 1, 1), date(2025, 6, 30))
    assert model.next_review_due_on == date(2025, 12, 31)
    make_review(model, date(2025, 7, 1), date(2025, 12, 31))
    assert model.next_review_due_on == date(2026, 6, 30)


def test_a_model_launched_recently_is_offered_its_first_period_even_before_it_ends(app_ctx):
    model = scheduled_model(province("quang-tri"), launched_on=date(2026, 2, 1), review_interval_months=6)
    assert offered_period(model, None, date(2026, 3, 16)) == (date(2026, 2, 1), date(2026, 7, 31))


def test_the_review_form_offers_the_most_recent_period_and_lists_older_ones(app, client, login_as):
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2024, 9, 16), review_interval_months=6)
        db.session.commit()
        model_id = model.id
    with time_machine.travel(datetime(2026, 3, 16, 9, tzinfo=VIETNAM), tick=False):
        login_as("officer")
        page = client.get(f"/p/quang-tri/models/{model_id}/reviews/new").get_data(as_text=True)
        assert 'value="16/09/2025"' in page and 'value="15/03/2026"' in page
        assert "16/03/2025–15/09/2025" in page and "16/09/2024–15/03/2025" in page  # the officer may pick these
        older = client.get(f"/p/quang-tri/models/{model_id}/reviews/new?start=2024-09-16&end=2025-03-15").text
        assert 'value="16/09/2024"' in older and 'value="15/03/2025"' in older
        assert client.get(f"/p/quang-tri/models/{model_id}/reviews/new?start=nonsense&end=1").status_code == 200


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
