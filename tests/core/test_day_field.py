"""The one date field: typed dd/mm/yyyy whatever the browser, ISO still accepted, impossible
dates refused with a message that names the format, and what was typed shown again."""
from __future__ import annotations

from datetime import date

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import Optional

from registry.core.fields import DayField
from registry.extensions import db
from tests.factories import make_model

FORMAT = "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/03/2025."


class _Form(FlaskForm):
    class Meta:
        csrf = False

    day = DayField("Day", validators=[Optional()])


def _submit(app, typed: str, locale: str = "vi") -> _Form:
    with app.test_request_context("/", method="POST", data={"day": typed}):
        from flask import session

        session["locale"] = locale
        form = _Form(formdata=MultiDict({"day": typed}))
        form.validate()
        form.rendered = form.day()  # while the request (and its language) lasts
        form.messages = [str(error) for error in form.day.errors]
        return form


@pytest.mark.parametrize("typed, expected", [
    ("15/03/2025", date(2025, 3, 15)),
    ("5/3/2025", date(2025, 3, 5)),
    (" 05/03/2025 ", date(2025, 3, 5)),
    ("15.03.2025", date(2025, 3, 15)),
    ("15-03-2025", date(2025, 3, 15)),
    ("2025-03-15", date(2025, 3, 15)),  # what native date inputs, scripts and the API send
    ("29/02/2024", date(2024, 2, 29)),
    ("", None),
])
def test_a_day_is_read_day_first_or_as_iso(app, typed, expected):
    form = _submit(app, typed)
    assert form.day.data == expected and not form.messages


@pytest.mark.parametrize("typed, message", [
    ("31/02/2025", "Tháng 02/2025 chỉ có 28 ngày. " + FORMAT),
    ("29/02/2025", "Tháng 02/2025 chỉ có 28 ngày. " + FORMAT),
    ("31/04/2026", "Tháng 04/2026 chỉ có 30 ngày. " + FORMAT),
    ("15/13/2025", "Không có tháng 13: tháng chỉ từ 1 đến 12. " + FORMAT),
    ("03/15/2025", "Không có tháng 15: tháng chỉ từ 1 đến 12. " + FORMAT),  # month first, the US way
    ("22025-03-10", FORMAT),
    ("15/03/25", FORMAT),
    ("15 tháng 3", FORMAT),
    ("00/00/0000", FORMAT),
])
def test_impossible_dates_and_other_formats_are_refused_naming_the_format_and_kept_as_typed(app, typed, message):
    form = _submit(app, typed)
    assert form.day.data is None
    assert form.messages == [message]
    assert f'value="{typed}"' in form.rendered


def test_the_message_is_in_the_users_language(app):
    assert _submit(app, "31/02/2025", "en").messages == [
        "Month 02/2025 has only 28 days. Enter the date as dd/mm/yyyy, for example 15/03/2025."]


def test_a_stored_date_renders_day_first_as_a_text_field_for_the_mask_and_picker(app):
    with app.test_request_context("/"):
        form = _Form(formdata=None, data={"day": date(2025, 3, 5)})
        html = form.day()
    assert 'type="text"' in html and 'value="05/03/2025"' in html
    assert 'inputmode="numeric"' in html and "data-day-field" in html and 'placeholder="dd/mm/yyyy"' in html


def test_the_model_form_saves_a_vietnamese_date_and_shows_it_back(app, client, login_as):
    login_as("officer", "quang-tri")
    response = client.post("/p/quang-tri/models/new", data={
        "name": "Camera an ninh thôn", "category": "cameras", "target_setting": "residential",
        "launched_on": "15/03/2025", "review_interval_months": "6"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "15/03/2025" in page
    edit = client.get(response.headers["Location"] + "/edit").get_data(as_text=True)
    assert 'value="15/03/2025"' in edit


def test_an_impossible_launch_date_keeps_everything_typed(app, client, login_as):
    login_as("officer", "quang-tri")
    page = client.post("/p/quang-tri/models/new", data={
        "name": "Camera an ninh thôn", "category": "cameras", "target_setting": "residential",
        "launched_on": "31/02/2025", "review_interval_months": "6", "objectives": "Không để mất trộm."}
    ).get_data(as_text=True)
    assert "Tháng 02/2025 chỉ có 28 ngày." in page and "dd/mm/yyyy" in page
    assert 'value="31/02/2025"' in page and "Không để mất trộm." in page and 'value="Camera an ninh thôn"' in page


def test_the_site_form_reads_a_vietnamese_start_date(app, client, login_as):
    login_as("officer", "quang-tri")
    with app.app_context():
        model_id = make_model("quang-tri").id
        db.session.commit()
    client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": "Xã Vĩnh Linh", "started_on": "2/1/2026"})
    panel = client.get(f"/p/quang-tri/models/{model_id}/sites").get_data(as_text=True)
    assert "02/01/2026" in panel
