"""`flask --app portal users …`: accounts, which may represent a firm, so above auth and members."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from portal.auth import services, totp
from portal.members.services import get_firm
from portal.permissions import Role
from portal.unit_of_work import transactional

users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, help="visitor, member, staff or admin")
@click.option("--name", default="", help="The person's name.")
@click.option("--firm", "firm_slug", default=None, help="The firm a member represents (its slug).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@transactional
def create(email: str, role: str, name: str, firm_slug: str | None, password_stdin: bool) -> None:
    """Make an account and print its id; without a password, the owner uses 'forgot password'."""
    # Checked here rather than by click.Choice, whose usage message runs to several lines.
    if role not in {r.value for r in Role}:
        raise click.ClickException(f"unknown role {role!r}: use visitor, member, staff or admin")
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    if "@" not in email or len(email) > 254:
        raise click.ClickException(f"not an email address: {email}")
    firm = None
    if firm_slug is not None:
        firm = get_firm(firm_slug)
        if firm is None:
            raise click.ClickException(f"no firm with the slug {firm_slug!r}")
    try:
        user = services.create_user(email, Role(role), password=password, name=name, firm=firm)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(user.id)


@users.command("reset-2fa")
@click.argument("email")
@transactional
def reset_2fa(email: str) -> None:
    """Clear an account's second factor (lost phone); it enrols again at its next sign-in."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    totp.reset(None, user)
    click.echo(f"two-step sign-in cleared for {user.email}; it enrols again at its next sign-in")
