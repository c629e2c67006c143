"""`flask --app portal memberships …`: record a payment; send reminders and mark lapses (cron)."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from portal.members.services import get_firm
from portal.memberships import periods
from portal.memberships.money import AmountError, parse_yuan
from portal.memberships.states import PaymentMethod
from portal.memberships.tasks import run_memberships
from portal.unit_of_work import transactional

memberships = AppGroup("memberships", help="Membership periods, payments, reminders and lapses.")


def _day(value: str | None, option: str, required: bool = True) -> date | None:
    if not value:
        if required:
            raise click.ClickException(f"{option} is required (a date, YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.ClickException(f"{option}: not a date (YYYY-MM-DD): {value!r}") from None


# Options are checked in the function, not by click, whose usage errors run to several lines.
@memberships.command("pay")
@click.argument("slug")
@click.option("--until", help="The membership's new last day, YYYY-MM-DD.")
@click.option("--amount", help="Yuan, up to two decimals (default: what the period still owes).")
@click.option("--method", default=PaymentMethod.BANK.value, help="bank, wechat, alipay, cash or other")
@click.option("--reference", default="", help="The bank's or app's transaction number.")
@click.option("--received", help="The day the money arrived, YYYY-MM-DD (default: today).")
@transactional
def pay(slug, until, amount, method, reference, received) -> None:
    """Record a payment, extend the firm's membership to --until, and print the payment's id."""
    firm = get_firm(slug)
    if firm is None:
        raise click.ClickException(f"no firm with the short name {slug!r}")
    if PaymentMethod.parse(method) is None:
        raise click.ClickException(f"--method must be one of {', '.join(PaymentMethod.values())}, not {method!r}")
    try:
        amount_fen = parse_yuan(amount) if amount is not None else None
    except AmountError as error:
        raise click.ClickException(f"--amount: {error}") from None
    try:
        payment = periods.record_payment(None, firm, _day(until, "--until"), amount_fen, method, reference,
                                         _day(received, "--received", required=False))
    except periods.PaymentError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{firm.slug}: member until {firm.membership_ends_on.isoformat()}")
    click.echo(payment.id)


@memberships.command("run")
@transactional
def run() -> None:
    """Send the reminders due and mark lapsed the firms past their grace; safe from cron, twice a day or after days down."""
    click.echo(run_memberships())
