"""The national dashboard of the ministry: every province's figures side by side."""
import click
from flask import Blueprint
from flask.cli import with_appcontext

bp = Blueprint("national", __name__, url_prefix="/ministry/dashboard")


@click.command("refresh-figures")
@with_appcontext
def refresh_figures_command() -> None:
    """Compute the dashboards' figures now (the scheduler does it every 5 minutes)."""
    from registry.national import summary

    click.echo(f"Figures refreshed at {summary.refresh().isoformat()}")


def init_app(app) -> None:
    from registry.national import routes  # noqa: F401

    app.register_blueprint(bp)
    app.cli.add_command(refresh_figures_command)
