"""The department assigns assessors in bulk; assessors see what awaits their score first; diverging
assessments need a consensus before any decision."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.nominations import consensus, service
from registry.nominations.models import (
    CRITERIA, RETURNED, SUBMITTED, UNDER_REVIEW, Consensus, Nomination, NominationAssessor,
)
from registry.nominations.service import NominationError
from registry.outbox.models import Notification
from tests.factories import province
from tests.nominations.conftest import national  # noqa: F401  (fixture)
from tests.nominations.factories import assign, eligible_model, make_account, make_assessment, make_nomination

FAR = {"evidence": 5, "replication": 5, "sustainability": 4, "participation": 4, "transferability": 4}  # 22
LOW = {"evidence": 2, "replication": 2, "sustainability": 1, "participation": 2, "transferability": 1}  # 8


def _submitted(app, name="Camera an ninh", slug="quang-tri", status=SUBMITTED):
    with app.app_context():
        nomination = make_nomination(eligible_model(province(slug), name=name), status=status)
        db.session.commit()
        return nomination.id


def test_the_admin_assigns_two_assessors_to_several_nominations_at_once(app, client, login_as, make_user):
    first, second = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    ids = [_submitted(app, "Camera an ninh Gio Linh"), _submitted(app, "Tổ tự quản Đà Lạt", "lam-dong")]
    login_as("ministry_admin", None)
    queue = client.get("/ministry/").get_data(as_text=True)
    assert 'id="assign"' in queue and f'name="reviewer_ids" value="{first.id}"' in queue
    response = client.post("/ministry/assessors", data={"ids": ids, "reviewer_ids": [first.id, second.id]},
                           follow_redirects=True)
    assert "flash--success" in response.get_data(as_text=True)
    with app.app_context():
        pairs = set(db.session.execute(select(NominationAssessor.nomination_id, NominationAssessor.reviewer_id)).all())
        assert pairs == {(n, r.id) for n in ids for r in (first, second)}
        told = db.session.scalars(select(Notification).where(Notification.kind == "assessor_assigned")).all()
        assert sorted(n.user_id for n in told) == sorted([first.id, first.id, second.id, second.id])


def test_one_assessor_alone_is_refused(app, client, login_as, make_user):
    only = make_user("ministry_reviewer")
    nomination_id = _submitted(app)
    login_as("ministry_admin", None)
    response = client.post("/ministry/assessors", data={"ids": [nomination_id], "reviewer_ids": [only.id]},
                           follow_redirects=True)
    assert "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(NominationAssessor)) is None


def test_a_reviewer_cannot_assign(app, client, login_as):
    login_as("ministry_reviewer", None)
    assert client.post("/ministry/assessors", data={"ids": [1]}).status_code == 403


def test_an_unassigned_reviewer_cannot_score(app, national, make_user):
    reviewer = make_user("ministry_reviewer")
    nomination = make_nomination(eligible_model(province("quang-tri")), status=SUBMITTED)
    with pytest.raises(NominationError, match="assessors the department assigned"):
        service.start_assessment(nomination, reviewer)


def test_what_awaits_my_score_comes_first_on_my_home_and_queue(app, client, login_as):
    mine = _submitted(app, "Camera an ninh Gio Linh")
    _submitted(app, "Tổ tự quản Đà Lạt", "lam-dong")
    reviewer = login_as("ministry_reviewer", None)
    with app.app_context():
        assign(db.session.get(Nomination, mine), reviewer, make_account("ministry_reviewer"))
        db.session.commit()
    for url in ("/", "/ministry/"):
        page = client.get(url).get_data(as_text=True)
        awaiting = page.split('id="awaiting-my-score"')[1].split("</section>")[0]
        assert "Camera an ninh Gio Linh" in awaiting and "Tổ tự quản Đà Lạt" not in awaiting
        assert page.index('id="awaiting-my-score"') < page.index("<table") if "<table" in page else True
    with app.app_context():
        make_assessment(db.session.get(Nomination, mine), reviewer.id)
        db.session.commit()
    page = client.get("/ministry/").get_data(as_text=True)
    assert "Camera an ninh Gio Linh" not in page.split('id="awaiting-my-score"')[1].split("</section>")[0]


def _diverged(first_id, second_id):
    nomination = make_nomination(eligible_model(province("quang-tri")), status=UNDER_REVIEW)
    assign(nomination, first_id, second_id)
    make_assessment(nomination, first_id, **FAR)
    make_assessment(nomination, second_id, **LOW)
    return nomination


def test_far_apart_scores_refuse_any_decision_until_an_agreed_score(app, national, make_user):
    first, second = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    nomination = _diverged(first.id, second.id)
    submitted = service.submitted_assessments(nomination)
    assert consensus.divergence(submitted).diverged and consensus.divergence(submitted).total_gap == 14
    with pytest.raises(NominationError, match="diverge"):
        service.decide(nomination, second, RETURNED, "Bổ sung.")
    with pytest.raises(ValueError, match="reasons"):
        consensus.record_consensus(nomination, first, submitted, dict.fromkeys(CRITERIA, 3), " ")
    consensus.record_consensus(nomination, first, submitted, dict.fromkeys(CRITERIA, 3), "Thống nhất sau họp.")
    assert db.session.scalar(select(Consensus)).agreed_by == [first.id, second.id]
    service.decide(nomination, second, RETURNED, "Bổ sung.")
    assert nomination.status == RETURNED


def test_a_third_assessment_settles_a_divergence(app, national, make_user):
    first, second, third = (make_user("ministry_reviewer") for _ in range(3))
    nomination = _diverged(first.id, second.id)
    assign(nomination, third.id)
    make_assessment(nomination, third.id, score=3)
    service.decide(nomination, third, RETURNED, "Bổ sung.")
    assert nomination.status == RETURNED


def test_only_the_diverging_assessors_record_the_agreed_score(app, national, make_user):
    first, second, other = (make_user("ministry_reviewer") for _ in range(3))
    nomination = _diverged(first.id, second.id)
    with pytest.raises(ValueError, match="Only the assessors"):
        consensus.record_consensus(nomination, other, service.submitted_assessments(nomination),
                                   dict.fromkeys(CRITERIA, 3), "Thống nhất.")


def test_close_scores_need_no_consensus_and_the_threshold_is_configured(app, national, make_user):
    first, second = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    nomination = make_nomination(eligible_model(province("quang-tri")), status=UNDER_REVIEW)
    make_assessment(nomination, first.id, score=4)
    make_assessment(nomination, second.id, score=4, evidence=3)
    submitted = service.submitted_assessments(nomination)
    assert not consensus.divergence(submitted).diverged
    app.config["NOMINATION_DIVERGENCE_CRITERION"] = 1
    try:
        assert consensus.divergence(submitted).criteria == ["evidence"]
    finally:
        app.config["NOMINATION_DIVERGENCE_CRITERION"] = 2


def test_the_nomination_page_shows_the_divergence_and_the_consensus_form(app, client, login_as, make_user):
    second = make_user("ministry_reviewer")
    first = login_as("ministry_reviewer", None)
    with app.app_context():
        nomination_id = _diverged(first.id, second.id).id
        db.session.commit()
    page = client.get(f"/ministry/nominations/{nomination_id}").get_data(as_text=True)
    assert 'id="divergence"' in page and 'id="consensus"' in page
    assert f'action="/ministry/nominations/{nomination_id}/consensus"' in page
    assert f'action="/ministry/nominations/{nomination_id}/decision"' not in page
    data = {f"score_{name}": "3" for name in CRITERIA} | {"reasons": "Thống nhất sau họp thẩm định."}
    client.post(f"/ministry/nominations/{nomination_id}/consensus", data=data)
    after = client.get(f"/ministry/nominations/{nomination_id}").get_data(as_text=True)
    assert "Thống nhất sau họp thẩm định." in after
    assert f'action="/ministry/nominations/{nomination_id}/decision"' in after
