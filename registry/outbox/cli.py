"""Operator command: one pass of the dispatcher, by hand."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.outbox import dispatch


@click.command("dispatch-outbox")
@with_appcontext
def dispatch_outbox_command() -> None:
    """Hand waiting notifications (and those whose job was lost) to the mail queues."""
    click.echo(f"handed to the mail queues: {dispatch.dispatch_outbox()}")


def init_app(app) -> None:
    app.cli.add_command(dispatch_outbox_command)
