"""Submitting freezes a dossier that later edits of the model never change."""
from __future__ import annotations

from datetime import timedelta

import pytest

from registry import clock
from registry.extensions import db
from registry.nominations import service
from registry.nominations.models import RETURNED, SUBMITTED, Dossier
from registry.nominations.service import NominationError
from tests.factories import make_model, make_site, province, wards_of
from registry.reviews.models import Indicator, ReviewValue
from tests.nominations.factories import eligible_model, make_nomination, make_review, make_round, nominee


def _submitted(make_user):
    admin = make_user("province_admin")
    make_round()
    model = eligible_model(province("quang-tri"), name="Camera an ninh Hải Lăng")
    nomination = service.create(model, admin, statement="Giảm 15% tội phạm so với năm 2019.")
    dossier = service.submit(nomination, admin, "/n")
    db.session.commit()
    return admin, model, nomination, dossier


def test_the_dossier_holds_the_model_sites_reviews_and_figures(app, national, make_user):
    _admin, model, nomination, dossier = _submitted(make_user)
    snapshot = dossier.snapshot
    assert snapshot["model"]["name"] == "Camera an ninh Hải Lăng"
    assert snapshot["statement"] == "Giảm 15% tội phạm so với năm 2019."
    assert snapshot["province"]["slug"] == "quang-tri"
    assert snapshot["sites"][0]["ward"] == wards_of(province("quang-tri"), 1)[0].name
    review = snapshot["reviews"][0]
    names = {v["code"]: (v["name_vi"], v["name_en"], v["value"]) for v in review["values"]}
    assert names["crimes_social_order"][1] == "Crimes against social order this period"
    assert names["crimes_social_order"][2] == 38
    assert review["crime_change"] == pytest.approx(-15.6)
    assert review["meets_target"] is True
    figures = snapshot["figures"]
    assert (figures["active_sites"], figures["wards_reached"], figures["members"]) == (1, 1, 12)
    assert figures["coverage"] > 0 and figures["latest_crime_change"] == pytest.approx(-15.6)


def test_later_edits_of_the_model_do_not_change_the_dossier(app, national, make_user):
    _admin, model, nomination, dossier = _submitted(make_user)
    model.name = "Tên đã đổi"
    model.summary = "Mô tả mới"
    make_site(model, wards_of(province("quang-tri"), 3)[2], members=99)
    make_review(model, crimes=80, baseline=45)
    db.session.commit()
    db.session.expire_all()
    frozen = db.session.get(Dossier, dossier.id).snapshot
    assert frozen["model"]["name"] == "Camera an ninh Hải Lăng"
    assert frozen["model"]["summary"] != "Mô tả mới"
    assert len(frozen["sites"]) == 1 and len(frozen["reviews"]) == 1
    assert frozen["figures"]["members"] == 12


def test_resubmission_after_a_return_freezes_a_new_dossier_and_keeps_the_first(app, national, make_user):
    admin, model, nomination, first = _submitted(make_user)
    nomination.status = RETURNED  # as the ministry's decision leaves it
    model.name = "Camera an ninh Hải Lăng (bổ sung)"
    db.session.commit()
    second = service.submit(nomination, admin, "/n")
    db.session.commit()
    assert nomination.status == SUBMITTED
    assert [d.id for d in nomination.dossiers] == [first.id, second.id]
    assert nomination.current_dossier.snapshot["model"]["name"] == "Camera an ninh Hải Lăng (bổ sung)"
    assert db.session.get(Dossier, first.id).snapshot["model"]["name"] == "Camera an ninh Hải Lăng"


@pytest.mark.parametrize("lack", ["inactive", "no_review", "old_review", "no_site", "no_statement"])
def test_an_ineligible_nomination_cannot_be_submitted(app, national, make_user, lack):
    admin = make_user("province_admin")
    model = make_model(province("quang-tri"), status="draft" if lack == "inactive" else "active")
    if lack != "no_site":
        make_site(model)
    if lack == "old_review":
        make_review(model, period_end=clock.today() - timedelta(days=400))
    elif lack != "no_review":
        make_review(model)
    nomination = make_nomination(model, statement="" if lack == "no_statement" else "Đề cử.")
    with pytest.raises(NominationError, match="cannot be submitted yet"):
        service.submit(nomination, admin, "/n")


def test_a_paused_site_or_a_draft_review_does_not_count(app, national, make_user):
    admin = make_user("province_admin")
    model = make_model(province("quang-tri"))
    make_site(model, status="paused")
    make_review(model, status="draft")
    nomination = make_nomination(model, statement="Đề cử.")
    with pytest.raises(NominationError) as refused:
        service.submit(nomination, admin, "/n")
    assert "No active replication site" in str(refused.value)
    assert "Submit a review of a period ending after " in str(refused.value)


def test_the_dossier_leads_with_key_figures_and_flags_a_missed_zero_target_in_the_trend(app, client, login_as):
    with app.app_context():
        model = nominee(province("quang-tri"), name="Camera an ninh Gio Linh")
        make_site(model)
        serious = Indicator(code="serious_crimes_test", name_vi="Số vụ trọng án", name_en="Serious crimes",
                            unit_vi="vụ", unit_en="cases", higher_is_better=False, categories="", position=9, target=0)
        db.session.add(serious)
        db.session.flush()
        for days_ago, value in ((220, 0), (30, 1)):  # none last period, one this period: a miss
            review = make_review(model, period_end=clock.today() - timedelta(days=days_ago))
            db.session.add(ReviewValue(province_id=model.province_id, review_id=review.id, indicator_id=serious.id,
                                       value=value))
        db.session.flush()
        nomination = make_nomination(model, status="submitted")
        db.session.commit()
        nomination_id, dossier_id = nomination.id, nomination.current_dossier.id
    login_as("ministry_admin", None)
    page = client.get(f"/ministry/nominations/{nomination_id}/dossiers/{dossier_id}").get_data(as_text=True)
    assert page.index('id="key-figures"') < page.index('id="indicator-trend"')
    trend = page.split('id="indicator-trend"')[1].split("</section>")[0]
    row = trend.split("Số vụ trọng án")[1].split("</tr>")[0]
    assert row.count("<td") == 3 and row.count("trend--miss") == 1
    assert "Vượt mức cho phép" in row and "Vượt" not in row.split("</td>")[1]  # the period with 0 is no miss
