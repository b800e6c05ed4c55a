import click
from flask.cli import with_appcontext

from registry.tenants.loader import load_divisions


@click.command("load-divisions")
@with_appcontext
def load_divisions_command() -> None:
    """Load the 34 provinces and 3,321 commune-level units (idempotent)."""
    provinces, wards = load_divisions()
    click.echo(f"{provinces} provinces, {wards} wards loaded.")


def init_app(app) -> None:
    app.cli.add_command(load_divisions_command)
