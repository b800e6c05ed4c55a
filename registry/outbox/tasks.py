"""Jobs of the outbox: the delivery of one mail, and the dispatcher (every minute, jobs/cron.py)."""
from __future__ import annotations

from registry.outbox import delivery, dispatch


def deliver_notification(notification_id: int) -> None:
    """Mail one notification (on the ``urgent`` or ``mail`` queue); a second run sends nothing."""
    delivery.deliver(notification_id)


def dispatch_outbox() -> int:
    """Every minute: rows left pending (Redis was away), then rows whose job was lost."""
    return dispatch.dispatch_outbox()
