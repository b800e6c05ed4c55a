"""Demo nominations: one in each state where the demo models allow, one model in the catalogue,
adopted by two other provinces (one runs its copy in two wards, the other's is still a draft).
Runs after the models, sites and reviews seeders; idempotent."""
from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from registry import clock
from registry.accounts.service import find_user
from registry.catalogue.service import adopt
from registry.extensions import db
from registry.movement.models import ACTIVE, MovementModel
from registry.movement.service import change_status
from registry.nominations import assessors, decisions, rounds, service
from registry.nominations.eligibility import eligibility
from registry.nominations.models import (
    APPROVED, CRITERIA, DRAFT, REJECTED, RETURNED, SUBMITTED, UNDER_REVIEW, WITHDRAWN, Nomination,
)
from registry.replication.service import add_sites
from registry.tenants.models import Province, Ward
from registry.tenants.scoping import national_scope

REVIEWERS = ("thamdinh1@bocongan.demo.vn", "thamdinh2@bocongan.demo.vn")
# States that need a model meeting every condition, in the order they are handed out.
NEEDS_ELIGIBLE = (APPROVED, UNDER_REVIEW, RETURNED, REJECTED, SUBMITTED)
DECISIONS = {
    APPROVED: "Mô hình có hiệu quả rõ rệt, đã nhân rộng ở nhiều xã, phường, được nhân dân đồng tình hưởng ứng; "
              "đề nghị phổ biến, nhân rộng trên toàn quốc.",
    RETURNED: "Đề nghị bổ sung số liệu về kinh phí duy trì mô hình và kết quả sơ kết 6 tháng đầu năm 2025.",
    REJECTED: "Chưa có minh chứng rõ về hiệu quả kéo giảm tội phạm so với năm 2019; đề nghị tiếp tục theo dõi, "
              "sơ kết thêm trước khi đề xuất lại.",
}
SCORES = ({"evidence": 5, "replication": 4, "sustainability": 4, "participation": 5, "transferability": 4},
          {"evidence": 4, "replication": 4, "sustainability": 3, "participation": 5, "transferability": 4})


def _statement(model: MovementModel) -> str:
    since = f" từ năm {model.launched_on.year}" if model.launched_on else ""
    return (f"Mô hình “{model.name}” được triển khai{since}, phát huy vai trò của quần chúng nhân dân trong "
            "phòng ngừa, phát hiện, tố giác tội phạm; góp phần kiềm chế, kéo giảm tội phạm về trật tự xã hội so "
            "với năm 2019. Công an tỉnh đề nghị Bộ Công an xem xét công nhận, nhân rộng trên toàn quốc.")


def _admin(model: MovementModel):
    slug = db.session.get(Province, model.province_id).slug
    return find_user(f"quantri.{slug}@demo.vn")


def _assess(nomination: Nomination, reviewers, count: int) -> None:
    for reviewer, scores in list(zip(reviewers, SCORES))[:count]:
        assessment = service.start_assessment(nomination, reviewer)
        service.save_assessment(assessment, scores, {name: "Đạt yêu cầu, có số liệu minh chứng." for name in CRITERIA},
                                "Đề nghị xem xét công nhận.", final=True)


def _open_round():
    """This year's round, open for another month; 12 months active at least."""
    ministry_admin = find_user("quantri@bocongan.demo.vn")
    year = clock.today().year
    return rounds.open_round(ministry_admin, f"Đợt xét công nhận mô hình điển hình năm {year}", year,
                             clock.today() + timedelta(days=30), 12,
                             "Hướng dẫn số 12/HD-V05: hiệu quả, nhân rộng, bền vững, sự tham gia của nhân dân, "
                             "khả năng áp dụng ở địa phương khác.")


def _nominate(model: MovementModel, status: str, reviewers, round_) -> Nomination:
    admin = _admin(model)
    nomination = service.create(model, admin, statement=_statement(model), round_=round_)
    if status == WITHDRAWN:
        service.withdraw(nomination, admin, "Rút để bổ sung số liệu sơ kết năm 2025.")
    if status in (DRAFT, WITHDRAWN):
        return nomination
    slug = db.session.get(Province, model.province_id).slug
    service.submit(nomination, admin, url_for("province.nominations.show", province=slug, nomination_id=nomination.id))
    if status == SUBMITTED:
        return nomination
    assessors.assign([nomination], reviewers, find_user("quantri@bocongan.demo.vn"))
    _assess(nomination, reviewers, 1 if status == UNDER_REVIEW else 2)
    if status == RETURNED:
        service.decide(nomination, reviewers[0], status, DECISIONS[status])
    return nomination


# A one-page PDF standing for the signed decision.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _issue_decision(round_, decided: list[Nomination]) -> str:
    """One decision document recognising and rejecting the round's decided nominations at once."""
    outcomes = [decisions.Outcome(n, status, DECISIONS[status]) for n, status in decided]
    document = decisions.issue(round_, find_user("quantri@bocongan.demo.vn"), f"{1500 + round_.id}/QĐ-BCA-V05",
                               clock.today(), "Thiếu tướng Nguyễn Văn Hùng, Cục trưởng Cục V05",
                               FileStorage(io.BytesIO(DEMO_PDF), "quyet-dinh-cong-nhan.pdf", content_type="application/pdf"),
                               outcomes)
    return document.number


def _adopt_elsewhere(model: MovementModel, provinces: dict) -> list[str]:
    """Two other provinces adopt the model: the first has launched its copy in two wards."""
    adopters = []
    for slug in ("lam-dong", "phu-tho", "khanh-hoa"):
        officer = find_user(f"canbo.{slug}@demo.vn")
        if slug in provinces and provinces[slug].id != model.province_id and officer is not None:
            copy = adopt(model, provinces[slug], officer)
            if not adopters:
                _launch(copy)
            adopters.append(slug)
        if len(adopters) == 2:
            break
    return adopters


def _launch(copy: MovementModel) -> None:
    copy.launched_on = clock.today()
    change_status(copy, "activate", None)
    wards = db.session.scalars(select(Ward.id).where(Ward.province_id == copy.province_id).order_by(Ward.code).limit(2))
    add_sites(copy, [{"ward_id": ward_id, "sub_unit": "Thôn 1", "started_on": clock.today(), "teams": 1, "members": 12}
                     for ward_id in wards])


def seed(provinces: dict[str, Province]) -> Iterator[str]:
    if db.session.scalar(select(Nomination.id).limit(1)) is not None:
        yield "Nominations: already there."
        return
    reviewers = [find_user(email) for email in REVIEWERS]
    with current_app.test_request_context(), national_scope():
        models = db.session.scalars(
            select(MovementModel).where(MovementModel.status == ACTIVE, MovementModel.source_model_id.is_(None),
                                        MovementModel.recognised_year.is_(None))
            .order_by(MovementModel.province_id, MovementModel.id)
        ).all()
        round_ = _open_round()
        yield f"Round “{round_.name}” open until {round_.deadline:%d/%m/%Y}"
        eligible = [m for m in models if not eligibility(m, "x", "", round_=round_)]
        plan = list(zip(NEEDS_ELIGIBLE, eligible)) + list(zip((DRAFT, WITHDRAWN), eligible[5:]))
        to_decide = []
        for status, model in plan:
            nomination = _nominate(model, status, reviewers, round_)
            yield f"Nomination of “{model.name}”: {status}"
            if status in (APPROVED, REJECTED):
                to_decide.append((nomination, status))
        if to_decide:
            yield f"Decision {_issue_decision(round_, to_decide)}: {len(to_decide)} nominations"
        for nomination, status in to_decide:
            if status == APPROVED and (slugs := _adopt_elsewhere(nomination.model, provinces)):
                yield f"  “{nomination.model.name}” adopted by {', '.join(slugs)}"
        if not plan:
            yield "Nominations: no active demo model yet (run the models, sites and reviews seeders first)."
