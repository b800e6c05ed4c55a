"""What a model must meet before its nomination is submitted: one list of rules, each stating
itself in the message the user reads, with the page where it is fixed.

The submission refuses exactly what this lists, and the nomination page shows the same list,
so the message can never name another rule than the one applied. ``MODEL_RULES`` are checked
before a nomination is created (the model panel shows them), ``RULES`` (those and the
statement) before it is submitted. Each takes the ``Case`` and answers an ``Unmet`` or None.

The rules: a running model, active in the registry for at least the round's minimum months, a
submitted review of a recent period, the latest review rated at least average and not
recommending the model's end, at least one live site (``registry.figures``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from registry import clock
from registry.core.formatting import format_day
from registry.extensions import db
from registry.figures import queries as figures
from registry.figures import rules
from registry.figures.schedule import add_months
from registry.movement.models import MovementModel
from registry.nominations.models import DEFAULT_MIN_MONTHS_ACTIVE
from registry.reviews.models import END, WEAK, Review
from registry.tenants.models import Province

REVIEW_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Case:
    """What the rules look at: the model, the nomination's statement and page, and the day."""

    model: MovementModel
    statement: str
    nomination_url: str
    today: date
    min_months_active: int = DEFAULT_MIN_MONTHS_ACTIVE


@dataclass(frozen=True)
class Unmet:
    """One rule the nomination does not meet yet: which, what to tell the user, where to fix it."""

    rule: str
    message: str
    link: str


Rule = Callable[[Case], Unmet | None]


def reviewed_after(today: date) -> date:
    """A nomination needs a submitted review of a period ending after this day (12 months ago)."""
    return add_months(today, -REVIEW_WINDOW_MONTHS)


def latest_review_end(model_id: int) -> date | None:
    return db.session.scalar(
        select(func.max(Review.period_end)).where(Review.model_id == model_id, rules.submitted()))


def running_model(case: Case) -> Unmet | None:
    if rules.is_running(case.model):
        return None
    return Unmet("running", str(_l("The model is not active.")), _model_url(case.model, "province.movement.show", _anchor="status-panel"))


def recent_review(case: Case) -> Unmet | None:
    since = reviewed_after(case.today)
    last_end = latest_review_end(case.model.id)
    if last_end is not None and last_end > since:
        return None
    return Unmet("recent_review", str(_l("Submit a review of a period ending after %(day)s.", day=format_day(since))),
                 _review_form_url(case.model))


def active_since(model: MovementModel) -> date | None:
    """Since when the model has run: its launch, or the day it became active in the registry when
    that is earlier or the launch is not recorded (a model entered with its history counts it)."""
    days = [day for day in (model.launched_on, model.activated_on) if day is not None]
    return min(days) if days else None


def active_long_enough(case: Case) -> Unmet | None:
    since = active_since(case.model)
    needed_from = add_months(case.today, -case.min_months_active)
    if since is not None and since <= needed_from:
        return None
    return Unmet("active_months", str(_l(
        "The round needs a model active for at least %(months)s months (active since %(day)s at the latest).",
        months=case.min_months_active, day=format_day(needed_from))), _model_url(case.model, "province.movement.show", _anchor="status-panel"))


def latest_review(model_id: int) -> Review | None:
    return db.session.scalars(
        select(Review).where(Review.model_id == model_id, rules.submitted())
        .order_by(Review.period_end.desc(), Review.id.desc()).limit(1)).first()


def rating_at_least_average(case: Case) -> Unmet | None:
    review = latest_review(case.model.id)
    if review is None or review.rating != WEAK:
        return None  # no review at all is ``recent_review``'s to say
    return Unmet("rating", str(_l("The latest review rated the model weak: it must be at least average.")),
                 _review_form_url(case.model))


def no_recommendation_to_end(case: Case) -> Unmet | None:
    review = latest_review(case.model.id)
    if review is None or review.recommendation != END:
        return None
    return Unmet("recommendation", str(_l("The latest review recommends ending the model.")),
                 _review_form_url(case.model))


def live_sites(case: Case) -> Unmet | None:
    if figures.site_figures([case.model.id]).get(case.model.id):
        return None
    return Unmet("live_sites", str(_l("No active replication site.")),
                 _model_url(case.model, "province.replication.model_sites"))


def statement_written(case: Case) -> Unmet | None:
    if case.statement.strip():
        return None
    return Unmet("statement", str(_l("The statement is empty.")), case.nomination_url + "#statement")


MODEL_RULES: list[Rule] = [running_model, active_long_enough, recent_review, rating_at_least_average,
                           no_recommendation_to_end, live_sites]
RULES: list[Rule] = [*MODEL_RULES, statement_written]


def _min_months(round_) -> int:
    return round_.min_months_active if round_ is not None else DEFAULT_MIN_MONTHS_ACTIVE


def eligibility(model: MovementModel, statement: str, nomination_url: str, today: date | None = None,
                round_=None) -> list[Unmet]:
    """Every rule the nomination does not meet yet, in order; empty when it may be submitted."""
    case = Case(model, statement, nomination_url, today or clock.today(), _min_months(round_))
    return [unmet for rule in RULES if (unmet := rule(case)) is not None]


def model_eligibility(model: MovementModel, round_=None, today: date | None = None) -> list[Unmet]:
    """The rules of the model itself, checked before a nomination of it is created."""
    case = Case(model, "", "", today or clock.today(), _min_months(round_))
    return [unmet for rule in MODEL_RULES if (unmet := rule(case)) is not None]


def _review_form_url(model: MovementModel) -> str:
    """The review form, which offers the most recent complete period."""
    return _model_url(model, "province.reviews.new")


def _model_url(model: MovementModel, endpoint: str, **values) -> str:
    """A page of ``model`` (its page, its sites panel's own page, its review form) in its province.

    The sites panel has a page of its own: the model page loads it after it has loaded, so an
    anchor into it would find nothing to scroll to."""
    return url_for(endpoint, province=db.session.get(Province, model.province_id).slug, model_id=model.id, **values)
