"""Jobs of the notifications: the reminder scan, digests and the outbox dispatcher (scheduled in
jobs/cron.py); the delivery of one mail is ``delivery.deliver_notification``."""
from __future__ import annotations

from datetime import date

from registry.notifications import digests, reminders, service
from registry.notifications.models import DAILY, WEEKLY


def scan_reminders(today: str | None = None) -> dict:
    """The daily scan; ``today`` (YYYY-MM-DD) re-runs a missed day."""
    counts = reminders.scan(date.fromisoformat(today) if today else None)
    service.dispatch_pending()
    return dict(counts)


def send_daily_digests() -> int:
    written = digests.send_digests(DAILY)
    service.dispatch_pending()
    return written


def send_weekly_digests() -> int:
    written = digests.send_digests(WEEKLY)
    service.dispatch_pending()
    return written


def dispatch_outbox() -> int:
    """Every few minutes: rows left pending while Redis was down, and rows whose job was lost."""
    return service.dispatch_outbox()
