"""`flask --app portal mail …`"""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.mail.delivery import send_pending

mail = AppGroup("mail", help="The outbox.")


@mail.command("send-pending")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most this many (default: all due).")
def send_pending_command(limit: int | None) -> None:
    """Deliver every message that is due, at PORTAL_MAIL_RATE a minute; safe to run from cron."""
    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("no mail server configured (PORTAL_MAIL_SERVER)")
    rate = int(current_app.config["MAIL_RATE"])

    def waiting(seconds: float) -> None:
        click.echo(f"rate limit of {rate} a minute reached: waiting {seconds:.0f} s", err=True)

    # Without a worker this is the only sender: it waits out each minute's limit and goes on.
    sent, failed = send_pending(limit=limit, patience=float("inf"), on_wait=waiting)
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)
