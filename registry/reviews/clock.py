"""The one clock of the reviews: Vietnam's calendar day.

Due dates are calendar days in Vietnam; moments are stored in UTC. Everything that asks
"what day is it" calls ``today()``, so tests freeze a single clock (time_machine).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Vietnam, the one clock every due date is compared with (tests freeze it)."""
    return datetime.now(VIETNAM).date()


def local_date(moment: datetime) -> date:
    """The Vietnamese calendar day of a stored moment (naive moments are UTC, as SQLite returns them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM).date()


def start_of_day(day: date) -> datetime:
    """Midnight of ``day`` in Vietnam, as a UTC moment, to compare with stored moments."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM).astimezone(timezone.utc)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class vietnam_date(GenericFunction):
    """The calendar date in Vietnam (UTC+7, no daylight saving) of a stored UTC moment."""

    type = Date()
    inherit_cache = True


@compiles(vietnam_date, "postgresql")
def _vietnam_date_postgresql(element, compiler, **kw):
    return f"CAST(timezone('Asia/Ho_Chi_Minh', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(vietnam_date, "sqlite")
def _vietnam_date_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"
