import click
from flask.cli import with_appcontext
from sqlalchemy import select

from registry.accounts.models import ALL_ROLES
from registry.accounts.service import AccountError, create_user
from registry.extensions import db
from registry.tenants.models import Province


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ALL_ROLES))
@click.option("--province", "province_slug", help="Province slug, for province roles (e.g. quang-tri).")
@click.option("--name", default="")
def create_user_command(email: str, password: str, role: str, province_slug: str | None, name: str) -> None:
    """Create a user, or give an existing one this role and password."""
    province = None
    if province_slug:
        province = db.session.scalar(select(Province).where(Province.slug == province_slug))
        if province is None:
            raise click.BadParameter(f"no province with slug {province_slug!r}", param_hint="--province")
    try:
        user = create_user(email, password, role, province, name)
    except AccountError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"User {user.email} ({role}{' in ' + province.slug if province else ''}) ready.")


def init_app(app) -> None:
    app.cli.add_command(create_user_command)
