"""The registry's two clocks: Vietnam's calendar day, and moments in UTC.

Due dates, periods, "overdue" and "today" on every page, export, mail and job are calendar
days in Vietnam (UTC+7 all year), whatever zone the server runs in: ask ``today()``, never
``date.today()``. Moments (created, submitted, sent) are stored in UTC: ask ``now_utc()``.
Columns of moments are ``UTCDateTime``, so every stored moment comes back aware and in UTC on
both engines (SQLite keeps no zone) and nothing converts by hand.

This module imports nothing of the application: every area may use it, and tests freeze the
one clock with ``time_machine``.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Date, DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import TypeDecorator

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> datetime:
    """This moment, aware, in UTC: what every stored moment is."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today in Vietnam: the day every due date, period and deadline is compared with."""
    return datetime.now(VIETNAM).date()


def as_utc(moment: datetime) -> datetime:
    """A moment in UTC; a naive one is taken to be UTC already."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def local_date(moment: datetime) -> date:
    """The calendar day in Vietnam of a moment (naive moments are UTC)."""
    return as_utc(moment).astimezone(VIETNAM).date()


def start_of_day(day: date) -> datetime:
    """Midnight of ``day`` in Vietnam, as a UTC moment, to compare with stored moments."""
    return datetime(day.year, day.month, day.day, tzinfo=VIETNAM).astimezone(timezone.utc)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (31/01 + 1 → 28/02 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: date) -> date:
    """The first day of ``day``'s calendar quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


class UTCDateTime(TypeDecorator):
    """A moment stored in UTC and read back aware in UTC, on PostgreSQL and on SQLite alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return as_utc(value) if isinstance(value, datetime) else value

    def process_result_value(self, value, dialect):
        return as_utc(value) if isinstance(value, datetime) else value


class vietnam_date(GenericFunction):
    """SQL: the calendar date in Vietnam (UTC+7, no daylight saving) of a stored UTC moment."""

    type = Date()
    inherit_cache = True


@compiles(vietnam_date, "postgresql")
def _vietnam_date_postgresql(element, compiler, **kw):
    return f"CAST(timezone('Asia/Ho_Chi_Minh', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(vietnam_date, "sqlite")
def _vietnam_date_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"
