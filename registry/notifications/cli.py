"""Operator commands: the reminder scan and digests, run once by hand or by cron."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from registry.notifications import digests, reminders
from registry.notifications.models import DAILY, WEEKLY
from registry.outbox.dispatch import dispatch_all_pending


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@click.command("send-reminders")
@with_appcontext
@click.option("--today", help="Scan as if it were this day (YYYY-MM-DD, Vietnam's calendar); default today.")
def send_reminders_command(today: str | None) -> None:
    """One reminder scan: write what is due and hand immediate mail to the queue."""
    counts = reminders.scan(_day(today))
    handed = dispatch_all_pending()
    click.echo(f"reminders written: {sum(counts.values())} {dict(counts)}; handed to the mail queue: {handed}")


@click.command("send-digests")
@with_appcontext
@click.argument("frequency", type=click.Choice([DAILY, WEEKLY]), default=DAILY)
@click.option("--today", help="The digest's day (YYYY-MM-DD); default today.")
def send_digests_command(frequency: str, today: str | None) -> None:
    """Gather held notifications into one digest mail per user."""
    written = digests.send_digests(frequency, _day(today))
    handed = dispatch_all_pending()
    click.echo(f"{frequency} digests written: {written}; handed to the mail queue: {handed}")


def init_app(app) -> None:
    for command in (send_reminders_command, send_digests_command):
        app.cli.add_command(command)
