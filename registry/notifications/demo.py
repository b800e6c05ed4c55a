"""Demo: run today's reminder scan and daily digests, so the development mailbox shows them.

Idempotent: the deduplication keys make a second run write nothing. With the models area's
demo data (some models overdue), a demo officer finds the reminder digest on /dev/mail.
"""
from __future__ import annotations

from collections.abc import Iterator

from registry.notifications import digests, reminders
from registry.notifications.models import DAILY
from registry.outbox.dispatch import dispatch_all_pending


def seed(provinces) -> Iterator[str]:
    counts = reminders.scan()
    written = digests.send_digests(DAILY)
    handed = dispatch_all_pending()
    yield f"Reminders: {sum(counts.values())} written {dict(counts)}; {written} daily digests; {handed} mails sent"
