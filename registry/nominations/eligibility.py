"""What a model must meet before its nomination is submitted: one list of rules, each stating
itself in the message the user reads, with the page where it is fixed.

The submission refuses exactly what this lists, and the nomination page shows the same list,
so the message can never name another rule than the one applied. More rules (a round's own
criteria, a minimum rating) join ``RULES``; each takes the ``Case`` and answers an ``Unmet``
or None.
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
from registry.reviews.models import Review
from registry.tenants.models import Province

REVIEW_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Case:
    """What the rules look at: the model, the nomination's statement and page, and the day."""

    model: MovementModel
    statement: str
    nomination_url: str
    today: date


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


def live_sites(case: Case) -> Unmet | None:
    if figures.site_figures([case.model.id]).get(case.model.id):
        return None
    return Unmet("live_sites", str(_l("No active replication site.")),
                 _model_url(case.model, "province.replication.model_sites"))


def statement_written(case: Case) -> Unmet | None:
    if case.statement.strip():
        return None
    return Unmet("statement", str(_l("The statement is empty.")), case.nomination_url + "#statement")


RULES: list[Rule] = [running_model, recent_review, live_sites, statement_written]


def eligibility(model: MovementModel, statement: str, nomination_url: str, today: date | None = None) -> list[Unmet]:
    """Every rule the nomination does not meet yet, in order; empty when it may be submitted."""
    case = Case(model, statement, nomination_url, today or clock.today())
    return [unmet for rule in RULES if (unmet := rule(case)) is not None]


def _review_form_url(model: MovementModel) -> str:
    """The review form, which offers the most recent complete period."""
    return _model_url(model, "province.reviews.new")


def _model_url(model: MovementModel, endpoint: str, **values) -> str:
    """A page of ``model`` (its page, its sites panel's own page, its review form) in its province.

    The sites panel has a page of its own: the model page loads it after it has loaded, so an
    anchor into it would find nothing to scroll to."""
    return url_for(endpoint, province=db.session.get(Province, model.province_id).slug, model_id=model.id, **values)
