"""Cron strings written in Vietnam's time, converted for RQ's cron scheduler.

RQ 2.x evaluates cron strings against ``rq.utils.now()``, an aware UTC datetime
(``croniter(cron, now())`` in ``rq/cron.py``), so "0 7 * * *" would fire at 07:00 UTC =
14:00 in Vietnam. The registry's schedule is meant in Asia/Ho_Chi_Minh (UTC+7 all year, no
daylight saving), so each entry is written in Vietnam's time and shifted here. Other RQ
major versions may read cron strings differently: the config refuses to load on them until
this conversion has been checked again.
"""
from __future__ import annotations

import rq

VIETNAM_UTC_OFFSET_HOURS = 7
CHECKED_RQ_MAJOR = "2"


def vietnam_cron(expression: str) -> str:
    """``"M H * * DOW"`` in Vietnam's time as the same moment in UTC (the cron RQ 2.x reads).

    Supports one minute, one hour, any day of month and month (``*``), and ``*`` or one
    weekday (0–6, Sunday 0) — what a daily or weekly schedule needs.
    """
    minute, hour, day, month, weekday = expression.split()
    if day != "*" or month != "*" or not minute.isdigit() or not hour.isdigit():
        raise ValueError(f"unsupported cron string for conversion: {expression!r}")
    utc_hour = int(hour) - VIETNAM_UTC_OFFSET_HOURS
    if utc_hour < 0:
        utc_hour += 24
        if weekday != "*":
            weekday = str((int(weekday) - 1) % 7)
    return f"{int(minute)} {utc_hour} * * {weekday}"


def check_rq_version() -> None:
    major = rq.__version__.split(".")[0]
    if major != CHECKED_RQ_MAJOR:
        raise RuntimeError(
            f"RQ {rq.__version__}: check how this version reads cron strings (UTC or local time) "
            "and update jobs/schedule.py before running the scheduler."
        )
