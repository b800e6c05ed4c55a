"""Operators' commands for accounts. Each is audited like the same change made in a page, with
no actor and the note "command line"."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from registry.accounts import passwords, service
from registry.accounts.models import ALL_ROLES, MINISTRY_ROLES, Membership, User
from registry.accounts.service import AccountError, create_user
from registry.extensions import db
from registry.tenants.models import Province


def _province(slug: str) -> Province:
    province = db.session.scalar(select(Province).where(Province.slug == slug))
    if province is None:
        raise click.BadParameter(f"no province with slug {slug!r}", param_hint="--province")
    return province


def _user(email: str) -> User:
    user = service.find_user(email)
    if user is None:
        raise click.BadParameter(f"no account with the address {email!r}", param_hint="--email")
    return user


def _run(change, done: str) -> None:
    try:
        change()
    except AccountError as error:
        db.session.rollback()
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(done)


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ALL_ROLES))
@click.option("--province", "province_slug", help="Province slug, for province roles (e.g. quang-tri).")
@click.option("--name", default="")
def create_user_command(email: str, password: str, role: str, province_slug: str | None, name: str) -> None:
    """Create a user, or give an existing one this role and password."""
    problem = passwords.problem(password, email, name)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    province = _province(province_slug) if province_slug else None
    try:
        user = create_user(email, password, role, province, name)
    except AccountError as error:
        raise click.UsageError(str(error)) from error
    db.session.commit()
    click.echo(f"User {user.email} ({role}{' in ' + province.slug if province else ''}) ready.")


@click.command("deactivate-user")
@with_appcontext
@click.option("--email", required=True)
def deactivate_user_command(email: str) -> None:
    """No access anywhere until reactivated; the user's sessions end at once."""
    user = _user(email)
    _run(lambda: service.deactivate_user(user), f"{user.email} is deactivated and signed out everywhere.")


@click.command("reactivate-user")
@with_appcontext
@click.option("--email", required=True)
def reactivate_user_command(email: str) -> None:
    user = _user(email)
    _run(lambda: service.reactivate_user(user), f"{user.email} is active again.")


@click.command("reset-second-factor")
@with_appcontext
@click.option("--email", required=True)
def reset_second_factor_command(email: str) -> None:
    """A lost phone: the second factor and recovery codes go; the user enrols again at the next sign-in."""
    user = _user(email)
    _run(lambda: service.reset_second_factor(user),
         f"{user.email}: second factor reset, signed out everywhere, told by mail.")


@click.command("set-role")
@with_appcontext
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice((*ALL_ROLES, "none")),
              help="A province role (with --province), a ministry role, or none (with --province: "
                   "out of the province; without: no ministry role).")
@click.option("--province", "province_slug")
def set_role_command(email: str, role: str, province_slug: str | None) -> None:
    """Change a user's role in a province or at the ministry; their sessions end."""
    user = _user(email)
    if province_slug:
        province = _province(province_slug)
        if role in MINISTRY_ROLES:
            raise click.UsageError(f"{role} is a ministry role: leave out --province")
        if role == "none":
            membership = db.session.scalar(select(Membership).where(
                Membership.user_id == user.id, Membership.province_id == province.id))
            if membership is None:
                raise click.UsageError(f"{user.email} is not a member of {province.slug}")
            _run(lambda: service.remove_membership(membership), f"{user.email} is out of {province.slug}.")
            return
        _run(lambda: service.appoint(user, province, role), f"{user.email} is {role} of {province.slug}.")
        return
    if role not in (*MINISTRY_ROLES, "none"):
        raise click.UsageError(f"{role} is a province role: add --province")
    _run(lambda: service.set_ministry_role(user, None if role == "none" else role),
         f"{user.email}: ministry role {role}.")


@click.command("end-sessions")
@with_appcontext
@click.option("--email", required=True)
def end_sessions_command(email: str) -> None:
    """Sign a user out everywhere."""
    user = _user(email)
    _run(lambda: service.end_sessions(user), f"{user.email} is signed out everywhere.")


def init_app(app) -> None:
    for command in (create_user_command, deactivate_user_command, reactivate_user_command,
                    reset_second_factor_command, set_role_command, end_sessions_command):
        app.cli.add_command(command)
