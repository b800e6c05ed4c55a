"""The Ministry's review: roles, the queue, blind assessments, decisions and comparison."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.nominations.models import APPROVED, RETURNED, SUBMITTED, UNDER_REVIEW, Assessment, Nomination
from registry.outbox.models import Notification
from tests.factories import province
from tests.nominations.factories import assign, eligible_model, make_account, make_assessment, make_nomination

SCORES = {"evidence": 5, "replication": 4, "sustainability": 4, "participation": 5, "transferability": 4}


def _submitted(app, slug="quang-tri", status=SUBMITTED, name="Camera an ninh", **fields):
    with app.app_context():
        nomination = make_nomination(eligible_model(province(slug), name=name, **fields), status=status)
        db.session.commit()
        return nomination.id


def _ministry_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/ministry")]


def test_every_ministry_route_refuses_province_users_and_sends_anonymous_to_sign_in(app, client, login_as):
    rules = _ministry_rules(app)
    assert len(rules) >= 8
    for rule in rules:
        url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            anonymous = client.open(url, method=method)
            if method == "GET":  # sent to sign in, and back after
                assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"], url
            else:  # nothing done; the sign-in page itself (registry.accounts.gate)
                assert anonymous.status_code == 401 and 'name="password"' in anonymous.text, f"{method} {url}"
    for role in ("officer", "province_admin", "viewer"):
        login_as(role)
        for rule in rules:
            url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                assert client.open(url, method=method).status_code == 403, f"{role} {method} {url}"


@pytest.mark.parametrize("path", ["assessment", "decision"])
def test_a_ministry_admin_reads_but_does_not_assess_or_decide(app, client, login_as, path):
    nomination_id = _submitted(app)
    login_as("ministry_admin", None)
    assert client.get(f"/ministry/nominations/{nomination_id}").status_code == 200
    assert client.post(f"/ministry/nominations/{nomination_id}/{path}").status_code == 403


def test_a_draft_is_not_the_ministrys_to_read(app, client, login_as):
    nomination_id = _submitted(app, status="draft")
    login_as("ministry_reviewer", None)
    assert client.get(f"/ministry/nominations/{nomination_id}").status_code == 404
    queue = re.sub(r"<select.*?</select>", "", client.get("/ministry/").get_data(as_text=True), flags=re.S)
    assert "Camera an ninh" not in queue  # the filter menus aside, whose labels name categories


def test_the_queue_filters_and_counts_per_state(app, client, login_as):
    _submitted(app, name="Camera Quảng Trị")
    _submitted(app, slug="lam-dong", status=UNDER_REVIEW, name="Tổ liên gia Lâm Đồng", category="inter_family")
    _submitted(app, slug="lam-dong", status=APPROVED, name="Zalo an ninh Lâm Đồng", category="online")
    login_as("ministry_reviewer", None)
    page = client.get("/ministry/").get_data(as_text=True)
    assert all(name in page for name in ("Camera Quảng Trị", "Tổ liên gia Lâm Đồng", "Zalo an ninh Lâm Đồng"))
    assert 'data-count="submitted">1<' in page and 'data-count="approved">1<' in page
    lam_dong = client.get("/ministry/?province=lam-dong", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Camera Quảng Trị" not in lam_dong and 'data-count="submitted">0<' in lam_dong
    online = client.get("/ministry/?category=online").get_data(as_text=True)
    assert "Zalo an ninh Lâm Đồng" in online and "Tổ liên gia Lâm Đồng" not in online
    approved = client.get("/ministry/?state=approved").get_data(as_text=True)
    assert "Zalo an ninh Lâm Đồng" in approved and "Camera Quảng Trị" not in approved
    assert "Camera Quảng Trị" not in client.get("/ministry/?year=1999").get_data(as_text=True)


def _assigned(app, nomination_id, user):
    """``user`` (a reviewer) is assigned to score the nomination; returns the user."""
    with app.app_context():
        assign(db.session.get(Nomination, nomination_id), user)
        db.session.commit()
    return user


def _assess(client, nomination_id, action="submit", **scores):
    data = {"action": action, "summary": "Nhận xét chung."}
    for name, score in dict(SCORES, **scores).items():
        data[f"score_{name}"] = str(score)
        data[f"comment_{name}"] = "Có minh chứng."
    return client.post(f"/ministry/nominations/{nomination_id}/assessment", data=data)


def test_scores_are_blind_until_the_reviewer_submits_and_big_gaps_are_flagged(app, client, login_as, make_user):
    nomination_id = _submitted(app)
    first = _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    form = client.get(f"/ministry/nominations/{nomination_id}/assessment")
    assert form.status_code == 200 and 'name="score_evidence"' in form.get_data(as_text=True)
    assert _status(app, nomination_id) == SUBMITTED  # opening the form is not starting
    _assess(client, nomination_id, evidence=5)
    assert _status(app, nomination_id) == UNDER_REVIEW
    second = _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    before = client.get(f"/ministry/nominations/{nomination_id}").get_data(as_text=True)
    column = '<th scope="col">{}</th>'
    assert column.format(first.email) not in before and "Có minh chứng." not in before
    draft = _assess(client, nomination_id, action="save", evidence=2)
    assert draft.status_code == 302
    still_blind = client.get(f"/ministry/nominations/{nomination_id}").get_data(as_text=True)
    assert column.format(first.email) not in still_blind and "Có minh chứng." not in still_blind
    _assess(client, nomination_id, evidence=2)
    after = client.get(f"/ministry/nominations/{nomination_id}").get_data(as_text=True)
    assert column.format(first.email) in after and column.format(second.email) in after
    assert "badge--flag" in after and 'class="score-gap"' in after


def test_a_submitted_assessment_cannot_be_changed(app, client, login_as):
    nomination_id = _submitted(app)
    _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    _assess(client, nomination_id)
    again = _assess(client, nomination_id, evidence=1)
    assert "flash--error" in again.get_data(as_text=True) or again.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Assessment)).scores["evidence"] == 5


def test_an_assessment_needs_every_score_and_comment_to_be_submitted(app, client, login_as):
    nomination_id = _submitted(app)
    _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    response = client.post(f"/ministry/nominations/{nomination_id}/assessment",
                           data={"action": "submit", "score_evidence": "4"})
    assert response.status_code == 200 and "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Assessment)) is None


def _status(app, nomination_id):
    with app.app_context():
        return db.session.get(Nomination, nomination_id).status


def test_no_decision_before_two_assessments(app, client, login_as):
    nomination_id = _submitted(app)
    _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    _assess(client, nomination_id)
    response = client.post(f"/ministry/nominations/{nomination_id}/decision",
                           data={"confirmed": "yes", "outcome": "returned", "comment": "Bổ sung."})
    assert "flash--error" in response.get_data(as_text=True)
    assert _status(app, nomination_id) == UNDER_REVIEW


def test_a_return_without_saying_what_to_add_is_refused_next_to_the_field(app, client, login_as, make_user):
    nomination_id = _submitted(app, status=UNDER_REVIEW)
    others = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    with app.app_context():
        nomination = db.session.get(Nomination, nomination_id)
        for reviewer in others:
            make_assessment(nomination, reviewer.id)
        db.session.commit()
    login_as("ministry_reviewer", None)
    response = client.post(f"/ministry/nominations/{nomination_id}/decision",
                           data={"confirmed": "yes", "comment": ""})
    assert response.status_code == 200 and 'id="comment-error"' in response.get_data(as_text=True)
    assert _status(app, nomination_id) == UNDER_REVIEW


def test_return_tells_the_province_admins_and_the_models_creator(app, client, login_as, make_user):
    admin, creator = make_user("province_admin"), make_user("officer")
    with app.app_context():
        nomination = make_nomination(eligible_model(province("quang-tri"), created_by_id=creator.id),
                                     status=UNDER_REVIEW)
        for _ in range(2):
            make_assessment(nomination, make_account("ministry_reviewer").id)
        db.session.commit()
        nomination_id = nomination.id
    login_as("ministry_reviewer", None)
    client.post(f"/ministry/nominations/{nomination_id}/decision",
                data={"confirmed": "yes", "outcome": "returned", "comment": "Bổ sung số liệu năm 2025."})
    assert _status(app, nomination_id) == RETURNED
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "nomination_returned")).all()
        assert sorted(n.user_id for n in told) == sorted([admin.id, creator.id])
        assert told[0].params["comment"] == "Bổ sung số liệu năm 2025."
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "nomination.returned"))
        assert audit.note == "Bổ sung số liệu năm 2025." and audit.actor_id is not None


def test_comparing_two_nominations_side_by_side_keeps_scores_blind(app, client, login_as):
    first = _submitted(app, name="Camera Hải Lăng")
    second = _submitted(app, slug="lam-dong", name="Tổ hòa giải Lâm Đồng")
    login_as("ministry_reviewer", None)
    page = client.get(f"/ministry/compare?ids={first}&ids={second}").get_data(as_text=True)
    assert "Camera Hải Lăng" in page and "Tổ hòa giải Lâm Đồng" in page
    assert "hidden until you assess" in page or "ẩn" in page
    assert client.get(f"/ministry/compare?ids={first}").status_code == 302


def test_the_dossier_prints_as_a_clean_document(app, client, login_as):
    nomination_id = _submitted(app, name="Dòng họ không có người vi phạm pháp luật")
    with app.app_context():
        dossier_id = db.session.get(Nomination, nomination_id).current_dossier.id
    login_as("ministry_admin", None)
    page = client.get(f"/ministry/nominations/{nomination_id}/dossiers/{dossier_id}").get_data(as_text=True)
    assert "css/nominations.css" in page and 'class="dossier"' in page and "no-print" in page
    assert "Dòng họ không có người vi phạm pháp luật" in page


def test_the_queue_shows_fifty_nominations_a_page_newest_first(app, client, login_as):
    from datetime import datetime, timedelta, timezone

    from registry.ministry.queries import PER_PAGE
    from tests.core.factories import make_nomination
    from tests.factories import make_model

    with app.app_context():
        for number in range(PER_PAGE + 1):
            nomination = make_nomination(make_model("quang-tri", f"Mô hình {number:02d}"), "submitted")
            nomination.submitted_at = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=number)
        db.session.commit()
    login_as("ministry_reviewer")
    first = client.get("/ministry/").text
    assert f"Mô hình {PER_PAGE:02d}" in first and "Mô hình 00<" not in first and "Trang 1/2" in first
    second = client.get("/ministry/?page=2").text
    assert "Mô hình 00<" in second and f"Mô hình {PER_PAGE:02d}" not in second


def test_the_scoring_form_shows_the_dossier_labelled_choices_and_an_error_per_criterion(app, client, login_as):
    nomination_id = _submitted(app, name="Camera an ninh Gio Linh")
    _assigned(app, nomination_id, login_as("ministry_reviewer", None))
    form = client.get(f"/ministry/nominations/{nomination_id}/assessment").get_data(as_text=True)
    assert 'id="scoring-dossier"' in form and 'id="key-figures"' in form and "Camera an ninh Gio Linh" in form
    assert "<strong>5</strong> Xuất sắc" in form and "<strong>1</strong> Yếu" in form
    assert "Số liệu chứng minh hiệu quả" in form  # the criterion's description
    incomplete = client.post(f"/ministry/nominations/{nomination_id}/assessment", data={
        "action": "submit", "score_evidence": "4", "comment_evidence": "Có minh chứng."}).get_data(as_text=True)
    assert 'id="score_evidence-error"' not in incomplete and 'id="score_replication-error"' in incomplete
    assert 'id="comment_replication-error"' in incomplete and 'id="comment_evidence-error"' not in incomplete
    with app.app_context():
        assert db.session.scalar(select(Assessment)) is None
