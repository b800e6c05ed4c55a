"""Every step that locks or cannot be undone asks once more, on a page that needs no script."""
from __future__ import annotations

from registry.extensions import db
from registry.nominations.models import DRAFT, RETURNED, SUBMITTED, UNDER_REVIEW, WITHDRAWN, Nomination
from tests.factories import province
from tests.nominations.factories import eligible_model, make_account, make_assessment, make_nomination


def _nomination(app, status=DRAFT):
    with app.app_context():
        nomination = make_nomination(eligible_model(province("quang-tri")), status=status)
        db.session.commit()
        return nomination.id


def _status(app, nomination_id):
    with app.app_context():
        return db.session.get(Nomination, nomination_id).status


def test_sending_to_the_ministry_asks_first_and_locks_only_when_confirmed(app, client, login_as):
    nomination_id = _nomination(app)
    login_as("province_admin")
    url = f"/p/quang-tri/nominations/{nomination_id}/submit"
    page = client.get(url).get_data(as_text=True)
    assert 'id="confirm"' in page and 'name="confirmed" value="yes"' in page and "<script" not in page.split("<main")[1]
    assert 'id="confirm"' in client.post(url).get_data(as_text=True)
    assert _status(app, nomination_id) == DRAFT
    client.post(url, data={"confirmed": "yes"})
    assert _status(app, nomination_id) == SUBMITTED


def test_the_nomination_page_links_to_the_confirmation_rather_than_posting(app, client, login_as):
    nomination_id = _nomination(app)
    login_as("province_admin")
    page = client.get(f"/p/quang-tri/nominations/{nomination_id}").get_data(as_text=True)
    assert f'href="/p/quang-tri/nominations/{nomination_id}/submit"' in page
    assert f'action="/p/quang-tri/nominations/{nomination_id}/submit"' not in page


def test_withdrawing_asks_first_and_keeps_the_reason(app, client, login_as):
    nomination_id = _nomination(app, SUBMITTED)
    login_as("province_admin")
    url = f"/p/quang-tri/nominations/{nomination_id}/withdraw"
    page = client.post(url, data={"comment": "Rút để bổ sung."}).get_data(as_text=True)
    assert 'value="Rút để bổ sung."' in page and _status(app, nomination_id) == SUBMITTED
    client.post(url, data={"comment": "Rút để bổ sung.", "confirmed": "yes"})
    assert _status(app, nomination_id) == WITHDRAWN


def test_a_decision_asks_first(app, client, login_as):
    nomination_id = _nomination(app, UNDER_REVIEW)
    reviewer = login_as("ministry_reviewer", None)
    with app.app_context():
        nomination = db.session.get(Nomination, nomination_id)
        make_assessment(nomination, reviewer.id)
        make_assessment(nomination, make_account("ministry_reviewer").id)
        db.session.commit()
    url = f"/ministry/nominations/{nomination_id}/decision"
    data = {"outcome": RETURNED, "comment": "Bổ sung số liệu kinh phí."}
    page = client.post(url, data=data).get_data(as_text=True)
    assert 'id="confirm"' in page and "Bổ sung số liệu kinh phí." in page
    assert _status(app, nomination_id) == UNDER_REVIEW
    client.post(url, data=data | {"confirmed": "yes"})
    assert _status(app, nomination_id) == RETURNED
