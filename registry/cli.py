"""Operator commands that span areas."""
import click
from flask.cli import with_appcontext

from registry.demo import seed_demo


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill the database with demo provinces' users and data (idempotent)."""
    for line in seed_demo():
        click.echo(line)


def init_app(app) -> None:
    app.cli.add_command(seed_demo_command)
