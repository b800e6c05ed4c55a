"""Factories that insert rows directly (nominees, reviews, nominations, assessments), so these
suites do not depend on the other areas' forms. Each adds and flushes; the test commits.

Also registers the URL arguments of the nomination routes for the tenant-isolation test.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from registry import clock
from registry.accounts.models import MINISTRY_ROLES, Membership, User
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import Attachment, MovementModel
from registry.nominations.dossier import BASELINE, CRIMES, build_snapshot
from registry.nominations.models import (
    CRITERIA, DRAFT, Assessment, DecisionDocument, Dossier, Nomination, NominationAssessor, NominationEvent,
    NominationRound,
)
from registry.reviews.models import REVIEW_SUBMITTED, Indicator, Review, ReviewValue
from registry.tenants.models import Province
from tests.factories import make_model, make_site
from tests.route_arguments import route_argument

INDICATORS = {
    CRIMES: ("Số vụ phạm tội về trật tự xã hội trong kỳ", "Crimes against social order this period", False, 1),
    BASELINE: ("Số vụ phạm tội về trật tự xã hội cùng kỳ năm 2019 (năm gốc)",
               "Crimes against social order, same period of the 2019 baseline year", False, 2),
    "tips_from_residents": ("Tin báo, tố giác tội phạm của quần chúng nhân dân",
                            "Tips and denunciations from residents", True, 3),
}


def indicator(code: str) -> Indicator:
    """The indicator with ``code``, created if the reference data lacks it (kept between tests)."""
    found = db.session.scalar(select(Indicator).where(Indicator.code == code))
    if found is None:
        name_vi, name_en, higher, position = INDICATORS[code]
        found = Indicator(code=code, name_vi=name_vi, name_en=name_en, unit_vi="vụ", unit_en="cases",
                          higher_is_better=higher, categories="", position=position)
        db.session.add(found)
        db.session.flush()
    return found


def make_account(role: str, province: Province | None = None) -> User:
    """A user in the current session (no password: these never sign in)."""
    user = User(email=f"{role}.{uuid.uuid4().hex[:10]}@test.vn", name=role)
    if role in MINISTRY_ROLES:
        user.ministry_role = role
    else:
        user.memberships.append(Membership(province=province, role=role))
    db.session.add(user)
    db.session.flush()
    return user


def nominee(province: Province, name: str = "Camera an ninh khu dân cư", **fields) -> MovementModel:
    """A model with the summary a dossier shows."""
    return make_model(province, name, summary="Lắp camera giám sát tại các ngõ, xóm.", launched_on=date(2022, 3, 1),
                      **fields)


def make_review(model: MovementModel, period_end: date | None = None, crimes: float = 38,
                baseline: float = 45, status: str = REVIEW_SUBMITTED) -> Review:
    period_end = period_end or clock.today() - timedelta(days=30)
    review = Review(province_id=model.province_id, model_id=model.id, period_start=period_end - timedelta(days=181),
                    period_end=period_end, rating="good", recommendation="expand", status=status,
                    findings="Tội phạm giảm rõ rệt.", submitted_at=now_utc() if status == REVIEW_SUBMITTED else None)
    db.session.add(review)
    db.session.flush()
    for code, value in ((CRIMES, crimes), (BASELINE, baseline), ("tips_from_residents", 17)):
        db.session.add(ReviewValue(province_id=model.province_id, review_id=review.id,
                                   indicator_id=indicator(code).id, value=value))
    db.session.flush()
    db.session.expire(review, ["values"])
    return review


def eligible_model(province: Province, **fields) -> MovementModel:
    """An active model with an active site and a recent submitted review."""
    model = nominee(province, **fields)
    make_site(model, sub_unit="Thôn 1", started_on=date(2023, 1, 1), members=12, households=40)
    make_review(model)
    return model


def make_round(name: str = "Đợt xét công nhận mô hình năm 2026", days_left: int = 60, min_months: int = 12,
               status: str = "open") -> NominationRound:
    """A national round whose deadline is ``days_left`` days away."""
    round_ = NominationRound(name=name, year=clock.today().year, deadline=clock.today() + timedelta(days=days_left),
                             min_months_active=min_months, criteria="Hướng dẫn số 12/HD-V05", status=status)
    db.session.add(round_)
    db.session.flush()
    return round_


def make_nomination(model: MovementModel, status: str = DRAFT, statement: str = "Mô hình giảm 15% tội phạm.",
                    created_by_id: int | None = None, round_: NominationRound | None = None) -> Nomination:
    """A nomination already in ``status``; past draft it has a frozen dossier and a submission time."""
    nomination = Nomination(province_id=model.province_id, model_id=model.id, round_year=clock.today().year,
                            statement=statement, status=status, created_by_id=created_by_id,
                            round_id=round_.id if round_ else None)
    db.session.add(nomination)
    db.session.flush()
    db.session.add(NominationEvent(province_id=model.province_id, nomination_id=nomination.id, to_status=status))
    if status != DRAFT:
        nomination.submitted_at = now_utc()
        db.session.add(Dossier(province_id=model.province_id, nomination_id=nomination.id,
                               snapshot=build_snapshot(nomination)))
    db.session.flush()
    db.session.expire(nomination, ["dossiers", "events"])
    return nomination


def make_assessment(nomination: Nomination, reviewer_id: int, score: int = 4, submitted: bool = True,
                    **scores) -> Assessment:
    assessment = Assessment(
        province_id=nomination.province_id, nomination_id=nomination.id,
        dossier_id=nomination.current_dossier.id, reviewer_id=reviewer_id,
        scores={name: scores.get(name, score) for name in CRITERIA},
        comments={name: "Có số liệu minh chứng." for name in CRITERIA},
        submitted_at=now_utc() if submitted else None,
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment


def make_document(round_: NominationRound | None = None, number: str = "1234/QĐ-BCA-V05") -> DecisionDocument:
    """A decision document of ``round_`` (a new round unless given), its PDF not on disk."""
    round_ = round_ or make_round(name=f"Đợt {uuid.uuid4().hex[:6]}")
    document = DecisionDocument(round_id=round_.id, number=number, signed_on=date(2026, 5, 1), signer="Thiếu tướng A",
                                filename="quyet-dinh.pdf", content_type="application/pdf", size=4,
                                storage_key=uuid.uuid4().hex)
    db.session.add(document)
    db.session.flush()
    return document


def assign(nomination: Nomination, *reviewers) -> None:
    """Assign ``reviewers`` (users or ids) to score ``nomination``."""
    for reviewer in reviewers:
        db.session.add(NominationAssessor(province_id=nomination.province_id, nomination_id=nomination.id,
                                          reviewer_id=getattr(reviewer, "id", reviewer)))
    db.session.flush()


def make_attachment(nomination: Nomination) -> Attachment:
    attachment = Attachment(province_id=nomination.province_id, model_id=nomination.model_id,
                            nomination_id=nomination.id, kind="nomination", filename="quyet-dinh.pdf",
                            content_type="application/pdf", size=4, storage_key=uuid.uuid4().hex)
    db.session.add(attachment)
    db.session.flush()
    return attachment


@route_argument("nomination_id")
def _nomination_id(province: Province) -> int:
    return make_nomination(nominee(province)).id


@route_argument("attachment_id")
def _attachment_id(province: Province) -> int:
    return make_attachment(make_nomination(nominee(province))).id


@route_argument("dossier_id")
def _dossier_id(province: Province) -> int:
    return make_nomination(nominee(province), status="submitted").current_dossier.id


@route_argument("round_id")
def _round_id(province: Province) -> int:
    return make_round().id
