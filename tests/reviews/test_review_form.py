"""The review form: fields from the indicator catalogue, and its validation messages."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from registry.extensions import db
from registry.reviews.models import Review
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

VALID = {
    "period_start": "2025-09-01", "period_end": "2026-02-28", "rating": "good", "recommendation": "continue",
    "findings": "Tổ liên gia duy trì sinh hoạt định kỳ.", "value_crimes_social_order": "12",
    "value_crimes_social_order_2019": "15",
}


def _model(app, **fields) -> int:
    with app.app_context():
        model = scheduled_model(province("quang-tri"), **fields)
        db.session.commit()
        return model.id


def _reviews(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Review.id)))


def test_the_form_asks_for_the_indicators_of_the_models_category(app, client, officer):
    camera = _model(app, category="cameras")
    families = _model(app, category="inter_family")
    camera_form = client.get(f"/p/quang-tri/models/{camera}/reviews/new").text
    family_form = client.get(f"/p/quang-tri/models/{families}/reviews/new").text
    for core in ("Tips and denunciations from residents", "Crimes against social order this period", "Participants"):
        assert core in camera_form and core in family_form
    assert "Security cameras installed" in camera_form and "Security cameras installed" not in family_form
    assert "Households joined" in family_form and "Households joined" not in camera_form
    assert 'name="value_prolonged_mass_complaints"' in camera_form and "Target: 0" in camera_form


def test_the_form_suggests_the_period_after_the_last_review(app, client, officer):
    with app.app_context():
        model = scheduled_model(province("quang-tri"), launched_on=date(2024, 3, 1))
        make_review(model, date(2024, 3, 1), date(2025, 2, 28))
        db.session.commit()
        model_id = model.id
    page = client.get(f"/p/quang-tri/models/{model_id}/reviews/new").text
    assert 'value="2025-03-01"' in page and 'value="2025-08-31"' in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"period_end": "2025-08-01"}, "The period must end after it starts."),
    ({"period_start": ""}, "Enter the first day of the period."),
    ({"value_tips_from_residents": "-3"}, "A count cannot be negative."),
    ({"rating": ""}, "Choose a rating before submitting."),
    ({"recommendation": ""}, "Choose a recommendation before submitting."),
    ({"findings": " "}, "Write the findings before submitting."),
    ({"value_crimes_social_order_2019": ""}, "Enter the 2019 baseline: the change is computed against it."),
    ({"period_end": "2026-04-30"}, "A review covers a period that has ended."),
])
def test_submitting_shows_what_is_wrong_next_to_the_field_and_keeps_what_was_typed(
    app, client, officer, changes, message
):
    model_id = _model(app)
    response = client.post(f"/p/quang-tri/models/{model_id}/reviews/new", data=VALID | changes | {"action": "submit"})
    assert response.status_code == 200
    assert message in response.text
    assert 'class="field field--error"' in response.text
    assert 'value="12"' in response.text, "what was typed is kept"
    assert _reviews(app) == 0


def test_a_draft_may_be_incomplete_but_not_negative(app, client, officer):
    model_id = _model(app)
    draft = {"period_start": "2025-09-01", "period_end": "2026-02-28", "action": "draft"}
    assert client.post(f"/p/quang-tri/models/{model_id}/reviews/new", data=draft).status_code == 302
    negative = client.post(f"/p/quang-tri/models/{model_id}/reviews/new",
                           data=draft | {"value_participants": "-1"})
    assert "A count cannot be negative." in negative.text
    assert _reviews(app) == 1


def test_a_period_overlapping_a_submitted_review_is_refused(app, client, officer):
    with app.app_context():
        model = scheduled_model(province("quang-tri"))
        make_review(model, date(2025, 3, 1), date(2025, 8, 31))
        db.session.commit()
        model_id = model.id
    response = client.post(f"/p/quang-tri/models/{model_id}/reviews/new",
                           data=VALID | {"period_start": "2025-08-01", "action": "submit"})
    assert "The period overlaps the submitted review of 01/03/2025–31/08/2025." in response.text
    assert _reviews(app) == 1


def test_evidence_that_is_not_a_document_or_image_is_refused(app, client, officer):
    model_id = _model(app)
    response = client.post(
        f"/p/quang-tri/models/{model_id}/reviews/new", content_type="multipart/form-data",
        data=VALID | {"action": "draft", "evidence": (io.BytesIO(b"#!/bin/sh\necho hi\n"), "bao-cao.pdf")},
    )
    assert "“bao-cao.pdf” is not a kind of file that is accepted." in response.text
    assert _reviews(app) == 0
