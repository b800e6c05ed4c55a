"""``flask --app wsgi create-api-token``: an operator makes a token for a user (printed once)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.accounts.service import find_user
from registry.api import tokens
from registry.api.models import SCOPES
from registry.extensions import db


@click.command("create-api-token")
@with_appcontext
@click.option("--email", required=True, help="The user the token acts for.")
@click.option("--name", required=True, help="What will use it, e.g. 'Provincial data platform'.")
@click.option("--scope", type=click.Choice(list(SCOPES)), default="read", show_default=True)
@click.option("--days", type=click.IntRange(1, tokens.MAX_DAYS), default=tokens.DEFAULT_DAYS, show_default=True)
def create_api_token_command(email: str, name: str, scope: str, days: int) -> None:
    """Make a personal access token for a user and print it once (only its digest is kept)."""
    user = find_user(email)
    if user is None:
        raise click.BadParameter(f"no user with e-mail {email!r}", param_hint="--email")
    if not user.active:
        raise click.UsageError(f"{user.email} is deactivated: a token would not work")
    if not name.strip():
        raise click.BadParameter("give the token a name", param_hint="--name")
    token, secret = tokens.issue(user, name, scope, days)
    db.session.commit()
    click.echo(f"Token '{token.name}' ({scope}) for {user.email}, valid until {token.expires_at:%Y-%m-%d}. "
               "It is shown only now:", err=True)
    click.echo(secret)


def init_app(app) -> None:
    app.cli.add_command(create_api_token_command)
