"""Jobs of the notifications: the reminder scan and the digests (scheduled in jobs/cron.py).
The delivery of one mail and the dispatcher are the outbox's (``registry.outbox.tasks``)."""
from __future__ import annotations

from datetime import date

from registry.notifications import digests, reminders
from registry.notifications.models import DAILY, WEEKLY
from registry.outbox.dispatch import dispatch_all_pending


def scan_reminders(today: str | None = None) -> dict:
    """The daily scan; ``today`` (YYYY-MM-DD) re-runs a missed day."""
    counts = reminders.scan(date.fromisoformat(today) if today else None)
    dispatch_all_pending()
    return dict(counts)


def send_daily_digests() -> int:
    written = digests.send_digests(DAILY)
    dispatch_all_pending()
    return written


def send_weekly_digests() -> int:
    written = digests.send_digests(WEEKLY)
    dispatch_all_pending()
    return written
