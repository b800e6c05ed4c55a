"""Operator command: delete export files past their time (``jobs/cron.py`` runs it hourly)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.export_jobs.tasks import delete_expired_exports


@click.command("delete-expired-exports")
@with_appcontext
def delete_expired_exports_command() -> None:
    """Delete export files older than EXPORT_KEEP_HOURS; fail exports whose worker died."""
    click.echo(f"export files deleted: {delete_expired_exports()}")


def init_app(app) -> None:
    app.cli.add_command(delete_expired_exports_command)
