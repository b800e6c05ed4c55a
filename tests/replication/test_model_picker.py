"""The sites list's model filter: a type-ahead over the province's models instead of a
``<select>`` of every one of them; a choice, or a name that names one model, filters the list."""
from __future__ import annotations

import re

from registry.extensions import db
from tests.factories import make_model, make_site

HTMX = {"HX-Request": "true"}


def _models(app):
    with app.app_context():
        cameras = make_model("quang-tri", "Camera an ninh Đông Hà")
        patrol = make_model("quang-tri", "Tổ tự quản tuần tra")
        make_model("quang-tri", "Tổ tự quản bến xe")
        other = make_model("lam-dong", "Camera an ninh Đà Lạt")
        make_site(cameras)
        make_site(patrol)
        make_site(patrol)
        db.session.commit()
        return cameras.id, patrol.id, other.id


def _listed(page: str) -> set[str]:
    return set(re.findall(r'<td data-label="[^"]+"><a href="/p/quang-tri/models/\d+/sites">([^<]+)</a>', page))


def test_the_list_sends_no_option_per_model(app, client, login_as):
    _models(app)
    login_as("officer")
    page = client.get("/p/quang-tri/sites").text
    assert "<option" not in page.split('id="field-ward"')[0]
    assert 'role="combobox"' in page and 'name="model_q"' in page


def test_type_ahead_offers_the_province_models_without_diacritics(app, client, login_as):
    cameras_id, _patrol, other_id = _models(app)
    login_as("officer")
    html = client.get("/p/quang-tri/model-options", query_string={"field": "model", "model_q": "camera an ninh"},
                      headers=HTMX).text
    assert f'data-value="{cameras_id}"' in html and 'data-name="Camera an ninh Đông Hà"' in html
    assert f'data-value="{other_id}"' not in html  # another province's model is never offered
    assert 'role="option"' not in client.get("/p/quang-tri/model-options?field=model&model_q=zzz", headers=HTMX).text


def test_a_chosen_model_or_a_name_naming_one_filters_the_list(app, client, login_as):
    cameras_id, patrol_id, other_id = _models(app)
    login_as("officer")
    chosen = client.get(f"/p/quang-tri/sites?model={patrol_id}").text
    assert _listed(chosen) == {"Tổ tự quản tuần tra"} and 'value="Tổ tự quản tuần tra"' in chosen
    typed = client.get("/p/quang-tri/sites", query_string={"model_q": "dong ha"}).text
    assert _listed(typed) == {"Camera an ninh Đông Hà"}
    everything = client.get("/p/quang-tri/sites").text
    assert _listed(everything) == {"Camera an ninh Đông Hà", "Tổ tự quản tuần tra"}


def test_a_name_matching_several_models_or_none_lists_nothing_and_says_so(app, client, login_as):
    _cameras, _patrol, other_id = _models(app)
    login_as("officer")
    several = client.get("/p/quang-tri/sites", query_string={"model_q": "to tu quan"}).text
    assert not _listed(several) and 'role="alert"' in several and "Tổ tự quản bến xe" in several
    assert 'value="to tu quan"' in several  # the text stays in the box
    foreign = client.get(f"/p/quang-tri/sites?model={other_id}").text
    assert not _listed(foreign) and 'role="alert"' in foreign
