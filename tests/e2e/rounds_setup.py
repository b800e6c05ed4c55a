"""What the rounds journey prepares in the served app's database, as the provinces' own work
would have left it (run with the app's environment: ``python -m tests.e2e.rounds_setup <step>``).

``nominate <round name>``: two eligible models (Quảng Trị, Lâm Đồng) nominated into the round and
sent to the ministry, and an ineffective model of Quảng Trị ended with its last findings.
``score <model> <email> <score>``: that assessor's submitted assessment, every criterion at ``score``.
``edit <model> <summary>``: the province edits the model's summary after its recognition.
"""
from __future__ import annotations

import sys
from datetime import date, timedelta

from sqlalchemy import select

from registry import clock, create_app
from registry.accounts.service import find_user
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations import service
from registry.nominations.models import CRITERIA, NominationRound
from registry.tenants.scoping import national_scope
from tests.factories import make_model, make_site, province
from tests.nominations.factories import eligible_model, make_review

MODELS = {"quang-tri": "Tổ tự quản đường sông Thạch Hãn", "lam-dong": "Camera an ninh chợ Đà Lạt"}
ENDED = "Chốt dân phòng ban đêm Cam Lộ"


def nominate(round_name: str) -> None:
    round_ = db.session.scalar(select(NominationRound).where(NominationRound.name == round_name))
    for slug, name in MODELS.items():
        model = eligible_model(province(slug), name=name)
        admin = find_user(f"quantri.{slug}@demo.vn")
        nomination = service.create(model, admin, statement=f"{name}: tội phạm giảm 15,6% so với năm 2019.",
                                    round_=round_)
        service.submit(nomination, admin, "/")
    ended = make_model("quang-tri", ENDED, category="traffic_order", status="ended", end_reason="ineffective",
                       ended_on=clock.today() - timedelta(days=20),
                       end_reason_text="Lực lượng dân phòng không duy trì được ca trực đêm.")
    make_site(ended, status="ended")
    review = make_review(ended, period_end=date(2025, 12, 31))
    review.rating, review.recommendation = "weak", "end"
    review.findings = "Tội phạm trộm cắp ban đêm không giảm; người dân ít tham gia."


def score(model_name: str, email: str, value: str) -> None:
    nomination = service.open_nomination_of(
        db.session.scalar(select(MovementModel.id).where(MovementModel.name == model_name)))
    assessment = service.start_assessment(nomination, find_user(email))
    service.save_assessment(assessment, dict.fromkeys(CRITERIA, int(value)), dict.fromkeys(CRITERIA, "Đạt."),
                            "Đề nghị công nhận.", final=True)


def edit(model_name: str, summary: str) -> None:
    model = db.session.scalar(select(MovementModel).where(MovementModel.name == model_name))
    model.summary = summary


if __name__ == "__main__":
    app = create_app()
    with app.test_request_context(), national_scope():
        {"nominate": nominate, "score": score, "edit": edit}[sys.argv[1]](*sys.argv[2:])
        db.session.commit()
