"""Each eligibility rule, stated once (registry.nominations.eligibility), refuses the nomination
before it is created, and is named on the model's panel with a link to fix it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from registry import clock
from registry.extensions import db
from registry.nominations import service
from registry.nominations.eligibility import MODEL_RULES, model_eligibility
from registry.nominations.service import NominationError
from tests.factories import make_model, make_site, province
from tests.nominations.factories import eligible_model, make_review, make_round


def _model_lacking(lack: str):
    place = province("quang-tri")
    if lack == "running":
        return eligible_model(place, status="suspended")
    if lack == "active_months":
        model = eligible_model(place)
        model.activated_on = model.launched_on = clock.today() - timedelta(days=100)
        return model
    model = make_model(place, "Tổ liên gia tự quản", launched_on=clock.today() - timedelta(days=900))
    if lack != "live_sites":
        make_site(model)
    if lack == "recent_review":
        make_review(model, period_end=clock.today() - timedelta(days=400))
    else:
        review = make_review(model)
        if lack == "rating":
            review.rating = "weak"
        if lack == "recommendation":
            review.recommendation = "end"
    db.session.flush()
    return model


RULES = ["running", "active_months", "recent_review", "rating", "recommendation", "live_sites"]


def test_the_rules_are_those_of_the_issue():
    assert [rule.__name__ for rule in MODEL_RULES] == [
        "running_model", "active_long_enough", "recent_review", "rating_at_least_average",
        "no_recommendation_to_end", "live_sites"]


def test_an_eligible_model_meets_every_rule(app, national):
    assert model_eligibility(eligible_model(province("quang-tri")), make_round()) == []


@pytest.mark.parametrize("lack", RULES)
def test_each_unmet_rule_is_named_alone_and_refuses_the_nomination(app, national, make_user, lack):
    admin = make_user("province_admin")
    round_ = make_round()
    model = _model_lacking(lack)
    unmet = model_eligibility(model, round_)
    # A suspended model's sites are not live either (registry.figures): that rule follows.
    assert [u.rule for u in unmet] == ([lack, "live_sites"] if lack == "running" else [lack])
    assert unmet[0].link.startswith("/p/quang-tri/")
    with pytest.raises(NominationError, match="cannot be nominated yet"):
        service.create(model, admin, round_=round_)


def test_the_rounds_minimum_decides_how_long_a_model_must_have_run(app, national):
    model = eligible_model(province("quang-tri"))
    model.activated_on = model.launched_on = clock.today() - timedelta(days=200)
    assert [u.rule for u in model_eligibility(model, make_round(min_months=12))] == ["active_months"]
    assert model_eligibility(model, make_round(name="Đợt ngắn", min_months=6)) == []


def test_no_nomination_without_an_open_round(app, national, make_user):
    admin = make_user("province_admin")
    model = eligible_model(province("quang-tri"))
    with pytest.raises(NominationError, match="No round is open"):
        service.create(model, admin)
    closed = make_round(status="closed")
    with pytest.raises(NominationError, match="closed for nominations"):
        service.create(model, admin, round_=closed)
    late = make_round(name="Đợt đã hết hạn", days_left=-1)
    with pytest.raises(NominationError, match="closed for nominations"):
        service.create(model, admin, round_=late)


def test_a_nomination_belongs_to_its_round(app, national, make_user):
    admin = make_user("province_admin")
    round_ = make_round()
    nomination = service.create(eligible_model(province("quang-tri")), admin)
    assert (nomination.round_id, nomination.round_year) == (round_.id, round_.year)
