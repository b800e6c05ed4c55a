"""The nomination's state machine: every allowed move works and is recorded, every other is refused."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.nominations import service
from registry.nominations.models import (
    APPROVED, DRAFT, NOMINATION_STATUSES, REJECTED, RETURNED, SUBMITTED, UNDER_REVIEW, WITHDRAWN, Nomination,
    NominationEvent,
)
from registry.nominations.service import ALLOWED_MOVES, IllegalMove, NominationError
from tests.factories import make_model, province
from tests.nominations.factories import (
    assign, eligible_model, make_assessment, make_document, make_nomination, make_round,
)

STATES = list(NOMINATION_STATUSES)
ACTIONS = {
    SUBMITTED: lambda n, actor: service.submit(n, actor, "/n"),
    UNDER_REVIEW: lambda n, actor: service.start_assessment(n, actor),
    APPROVED: lambda n, actor: service.decide(n, actor, APPROVED, "Đạt yêu cầu.", "123/QĐ-BCA", date(2026, 5, 1),
                                              document=make_document()),
    REJECTED: lambda n, actor: service.decide(n, actor, REJECTED, "Chưa đủ minh chứng.", document=make_document()),
    RETURNED: lambda n, actor: service.decide(n, actor, RETURNED, "Bổ sung số liệu."),
    WITHDRAWN: lambda n, actor: service.withdraw(n, actor, "Rút để hoàn thiện."),
}


def test_the_table_holds_exactly_the_moves_of_the_design():
    assert ALLOWED_MOVES == {
        ("draft", "submitted"), ("returned", "submitted"), ("submitted", "under_review"),
        ("submitted", "approved"), ("submitted", "rejected"), ("submitted", "returned"),
        ("under_review", "approved"), ("under_review", "rejected"), ("under_review", "returned"),
        ("draft", "withdrawn"), ("submitted", "withdrawn"), ("under_review", "withdrawn"), ("returned", "withdrawn"),
    }


def _ready(status: str, reviewers) -> Nomination:
    """A nomination in ``status`` that meets every other condition of every move."""
    nomination = make_nomination(eligible_model(province("quang-tri")), status=status)
    if status != DRAFT:
        assign(nomination, *reviewers)
        for reviewer in reviewers:
            make_assessment(nomination, reviewer.id)
    return nomination


# A second reviewer starting an assessment keeps the nomination under review: no move at all.
PAIRS = [(start, target) for start in STATES for target in ACTIONS if (start, target) != (UNDER_REVIEW, UNDER_REVIEW)]


@pytest.mark.parametrize(("start", "target"), PAIRS)
def test_each_move_is_allowed_only_if_the_table_says_so(app, national, make_user, start, target):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    nomination = _ready(start, reviewers)
    db.session.commit()
    events_before = db.session.scalar(select(func.count(NominationEvent.id)))
    if (start, target) in ALLOWED_MOVES:
        ACTIONS[target](nomination, reviewers[0])
        db.session.commit()
        assert nomination.status == target
        last = db.session.scalars(select(NominationEvent).order_by(NominationEvent.id.desc())).first()
        assert (last.from_status, last.to_status, last.actor_id) == (start, target, reviewers[0].id)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == f"nomination.{target}")) is not None
    else:
        with pytest.raises(IllegalMove) as refused:
            ACTIONS[target](nomination, reviewers[0])
        assert "cannot become" in str(refused.value)
        db.session.rollback()
        assert db.session.get(Nomination, nomination.id).status == start
        assert db.session.scalar(select(func.count(NominationEvent.id))) == events_before


def test_the_second_reviewer_starting_keeps_it_under_review(app, national, make_user):
    first, second = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    nomination = make_nomination(eligible_model(province("quang-tri")), status=SUBMITTED)
    assign(nomination, first, second)
    service.start_assessment(nomination, first)
    service.start_assessment(nomination, second)
    assert nomination.status == UNDER_REVIEW
    assert [e.to_status for e in db.session.scalars(select(NominationEvent))] == [SUBMITTED, UNDER_REVIEW]


def test_a_decision_needs_two_submitted_assessments(app, national, make_user):
    reviewer, other = make_user("ministry_reviewer"), make_user("ministry_reviewer")
    nomination = make_nomination(eligible_model(province("quang-tri")), status=UNDER_REVIEW)
    make_assessment(nomination, reviewer.id)
    make_assessment(nomination, other.id, submitted=False)
    with pytest.raises(NominationError, match="two submitted assessments"):
        service.decide(nomination, reviewer, RETURNED, "Bổ sung.")


@pytest.mark.parametrize("outcome", [APPROVED, REJECTED, RETURNED])
def test_every_decision_needs_a_comment(app, national, make_user, outcome):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    nomination = _ready(UNDER_REVIEW, reviewers)
    with pytest.raises(NominationError, match="comment"):
        service.decide(nomination, reviewers[0], outcome, "  ", "1/QĐ", date(2026, 1, 2), document=make_document())


def test_an_approval_needs_a_reference_and_date(app, national, make_user):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    nomination = _ready(UNDER_REVIEW, reviewers)
    with pytest.raises(NominationError, match="reference"):
        service.decide(nomination, reviewers[0], APPROVED, "Đạt.", "", None, document=make_document())


def test_approval_recognises_the_model(app, national, make_user):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    nomination = _ready(UNDER_REVIEW, reviewers)
    service.decide(nomination, reviewers[0], APPROVED, "Đạt.", "1234/QĐ-BCA-V05", date(2026, 5, 1),
                   document=make_document())
    db.session.commit()
    model = nomination.model
    assert (model.recognised_year, model.recognition_reference) == (2026, "1234/QĐ-BCA-V05")
    assert nomination.decided_at is not None and nomination.decision_date == date(2026, 5, 1)
    assert nomination.recognised_dossier_id == nomination.current_dossier.id


@pytest.mark.parametrize("outcome", [APPROVED, REJECTED])
def test_recognition_and_rejection_need_a_decision_document(app, national, make_user, outcome):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    nomination = _ready(UNDER_REVIEW, reviewers)
    with pytest.raises(NominationError, match="decision document"):
        service.decide(nomination, reviewers[0], outcome, "Đạt.", "1/QĐ", date(2026, 5, 1))


def test_one_open_nomination_per_model(app, national, make_user):
    admin = make_user("province_admin")
    make_round()
    model = eligible_model(province("quang-tri"))
    service.create(model, admin)
    with pytest.raises(NominationError, match="already has an open nomination"):
        service.create(model, admin)


def test_the_database_refuses_a_second_open_nomination_too(app, national):
    model = make_model(province("quang-tri"))
    make_nomination(model, status=SUBMITTED)
    db.session.commit()
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError, whichever the driver
        make_nomination(model, status=DRAFT)
    db.session.rollback()


def test_a_closed_nomination_leaves_room_for_a_new_one(app, national, make_user):
    officer = make_user("officer")
    make_round()
    model = eligible_model(province("quang-tri"))
    make_nomination(model, status=WITHDRAWN)
    make_nomination(model, status=REJECTED)
    assert service.create(model, officer).status == DRAFT
