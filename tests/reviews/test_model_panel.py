"""The model page's review panel: history, trends, and the change against 2019."""
from __future__ import annotations

import re
from datetime import date

from registry.extensions import db
from registry.reviews.models import crime_change
from registry.reviews.queries import panel
from registry.reviews.service import indicators_for
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model


def _model_with_three_reviews(app) -> int:
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2024, 7, 1))
        make_review(model, date(2024, 7, 1), date(2024, 12, 31), rating="average",
                    values={"crimes_social_order": 97, "crimes_social_order_2019": 100, "cameras_installed": 20})
        make_review(model, date(2025, 1, 1), date(2025, 6, 30), rating="good",
                    values={"crimes_social_order": 88, "crimes_social_order_2019": 100, "cameras_installed": 35})
        make_review(model, date(2025, 7, 1), date(2025, 12, 31), status="draft", rating=None,
                    values={"crimes_social_order": 500, "crimes_social_order_2019": 100})
        db.session.commit()
        return model.id


def test_the_change_against_2019_is_a_percentage_and_needs_a_baseline():
    assert crime_change(95, 100) == -5.0
    assert crime_change(88, 80) == 10.0
    assert crime_change(10, None) is None and crime_change(10, 0) is None and crime_change(None, 10) is None


def test_a_period_that_misses_the_national_target_is_flagged(app, app_ctx):
    model_id = _model_with_three_reviews(app)
    from registry.movement.models import MovementModel

    model = db.session.get(MovementModel, model_id)
    data = panel(model, indicators_for(model.category))
    assert [(row.change, row.missed) for row in data.crime_rows] == [(-3.0, True), (-12.0, False)]
    assert [p.missed for p in data.crime_chart.points] == [True, False]
    assert data.crime_chart.target == -5.0
    assert data.last_rating == "good", "drafts do not count"
    cameras = next(t for t in data.trends if t.indicator.code == "cameras_installed")
    assert [p.value for p in cameras.chart.points] == [20, 35] and cameras.latest == 35


def test_the_panel_draws_readable_charts_with_the_target_line(app, client, officer):
    model_id = _model_with_three_reviews(app)
    page = client.get(f"/p/quang-tri/models/{model_id}/reviews").text
    assert "<html" in page, "opened directly it is a full page"
    assert "Change in crimes against social order against 2019, per review</title>" in page
    assert "Target −5%" in page and 'class="chart__target"' in page
    assert "−3" in page or "-3" in page
    assert "✗ Missed" in page and "✓ Met" in page
    assert "<title>Security cameras installed (cameras)</title>" in page
    assert len(re.findall(r"<svg [^>]*class=\"chart__svg\"", page)) >= 3
    assert "Record a review" in page
    assert "Draft" in page, "the history lists drafts too"


def test_the_model_page_lazy_loads_only_the_panel(app, client, officer):
    model_id = _model_with_three_reviews(app)
    fragment = client.get(f"/p/quang-tri/models/{model_id}/reviews", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section class="card review-panel" id="reviews-panel"')
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["Vary"]


def test_a_model_never_reviewed_shows_when_its_first_review_is_due(app, client, officer):
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2025, 12, 31), review_interval_months=4)
        db.session.commit()
        model_id = model.id
    page = client.get(f"/p/quang-tri/models/{model_id}/reviews").text
    assert "No review recorded yet." in page and "30/04/2026" in page and "Overdue" not in page


def test_the_panel_speaks_vietnamese_by_default(app, client, login_as, frozen):
    model_id = _model_with_three_reviews(app)
    login_as("officer")
    page = client.get(f"/p/quang-tri/models/{model_id}/reviews").text
    assert "Đánh giá hiệu quả" in page and "Ghi kết quả đánh giá" in page
    assert "Số vụ phạm tội về trật tự xã hội trong kỳ" in page, "indicator names in the user's language"
