"""The rules every figure is made of, each once: as a SQL expression, and where Python code
needs it, the same test on a loaded row beside it.

Pages, fragments, exports, mails, dashboards, jobs and ``bench/`` call these; a query that
needs "running", "live", "overdue", "on time", "adopting" or "seen by the ministry" uses the
expression here instead of comparing statuses itself (``tests/figures/test_one_definition.py``
keeps the bare status literals out of figure code).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, select

from registry.clock import add_months, local_date, vietnam_date
from registry.movement.models import ACTIVE, ENDED, MovementModel
from registry.nominations.models import Nomination
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.reviews.models import REVIEW_SUBMITTED, Review

DUE_SOON_DAYS = 30
TIMELINESS_MONTHS = 12


# -- Running model: status active. Drafts, suspended and ended models are not running. ----------

RUNNING_STATUS = ACTIVE


def running(model=MovementModel):
    """SQL: the model runs."""
    return model.status == RUNNING_STATUS


def is_running_status(status: str) -> bool:
    return status == RUNNING_STATUS


def is_running(model: MovementModel) -> bool:
    return is_running_status(model.status)


def ended(model=MovementModel):
    """SQL: the model has ended (final: it never runs again)."""
    return model.status == ENDED


# -- Live site: an active site of a running model. ---------------------------------------------

def live_site(site=ReplicationSite, model=MovementModel):
    """SQL: the site is live; the statement joins the site's model as ``model``."""
    return and_(site.status == SITE_ACTIVE, running(model))


def live_site_of(province_id: int, site=ReplicationSite):
    """SQL: the site is live, without joining its model: its model is among the province's
    running ones (one hashed list of ids, read once per statement)."""
    running_models = select(MovementModel.id).where(MovementModel.province_id == province_id, running())
    return and_(site.status == SITE_ACTIVE, site.model_id.in_(running_models))


def is_live(site: ReplicationSite, model: MovementModel) -> bool:
    return site.status == SITE_ACTIVE and is_running(model)


# -- Due and overdue: only running models are due (the date: ``schedule.due_date``). -----------

def overdue(today: date, model=MovementModel):
    """SQL: running, and the due date is before Vietnam's ``today`` (on the due date it is due, not late)."""
    return and_(running(model), model.next_review_due_on < today)


def overdue_by_more_than(days: int, today: date, model=MovementModel):
    """SQL: overdue for more than ``days`` days (the admins' summary at 30, the ministry's count at 60)."""
    return and_(running(model), model.next_review_due_on < today - timedelta(days=days))


def due_soon(today: date, model=MovementModel, days: int = DUE_SOON_DAYS):
    """SQL: running and due today or within ``days`` days."""
    return and_(running(model), model.next_review_due_on >= today,
                model.next_review_due_on <= today + timedelta(days=days))


def days_overdue(model: MovementModel, today: date) -> int | None:
    """Days past the due date of a running model; None when it is not overdue."""
    due = model.next_review_due_on
    if not is_running(model) or due is None or today <= due:
        return None
    return (today - due).days


# -- Submitted reviews; on time: submitted by the due date it answered, Vietnam's day. ----------

def submitted(review=Review):
    """SQL: a submitted review (a draft is not a review yet: it counts nowhere)."""
    return review.status == REVIEW_SUBMITTED


def timed(review=Review):
    """SQL: a submitted review with a due date: the reviews the on-time share counts."""
    return and_(submitted(review), review.due_on.is_not(None), review.submitted_at.is_not(None))


def on_time(review=Review):
    """SQL: submitted on or before its due date (the day in Vietnam)."""
    return vietnam_date(review.submitted_at) <= review.due_on


def on_time_count(review=Review):
    """SQL: 1 for a review on time, else NULL (``func.count`` of it counts them)."""
    return counted(on_time(review))


def counted(condition):
    """SQL: 1 where ``condition`` holds, else NULL: ``func.count(counted(…))`` counts the rows it holds for."""
    return case((condition, 1))


def counted_as(condition, value):
    """SQL: ``value`` where ``condition`` holds, else NULL: ``func.sum`` of it adds those rows up."""
    return case((condition, value))


def is_on_time(review: Review) -> bool | None:
    if review.submitted_at is None or review.due_on is None:
        return None
    return local_date(review.submitted_at) <= review.due_on


def timeliness_since(today: date) -> date:
    """The first day of "the last 12 months" that the on-time share covers (Vietnam's days)."""
    return add_months(today, -TIMELINESS_MONTHS) + timedelta(days=1)


# -- Adopting province: it has a running copy adopted from the catalogue entry. -----------------

def adopting_copy(copy=MovementModel):
    """SQL: ``copy`` is an adoption (it names its source) and runs."""
    return and_(copy.source_model_id.is_not(None), running(copy))


# -- Nominations by state: the ministry never counts drafts nor nominations withdrawn before
#    they were submitted. --------------------------------------------------------------------

def seen_by_ministry(nomination=Nomination):
    """SQL: the province submitted the nomination at least once."""
    return nomination.submitted_at.is_not(None)
