"""What the outbox asks of the area that composes mail (``registry.notifications`` registers it).

The outbox moves rows to the mail server and knows neither who wants which mail nor what a
mail says. The notifications area answers both and registers its answers on the app at
start-up, so that the areas that write notifications (accounts, nominations) need only the
outbox and never the reminders' package.
"""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Callable

from flask import Flask, current_app

if TYPE_CHECKING:
    from registry.accounts.models import User
    from registry.outbox.models import Notification

EXTENSION = "outbox.policy"


@dataclass(frozen=True)
class MailPolicy:
    # The first status of each (recipient, kind, immediate): pending, held for a digest, or skipped.
    statuses: Callable[[list[tuple["User", str, bool]]], list[str]]
    # The mail that tells one notification, ready for SMTP (subject, body, Message-ID, headers).
    compose: Callable[["Notification"], EmailMessage]


def register(app: Flask, policy: MailPolicy) -> None:
    app.extensions[EXTENSION] = policy


def current() -> MailPolicy:
    policy = current_app.extensions.get(EXTENSION)
    if policy is None:
        raise RuntimeError("no mail policy is registered: registry.notifications.init_app registers it")
    return policy
