"""`flask --app portal mail …`"""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.mail.delivery import send_pending

mail = AppGroup("mail", help="The outbox.")


@mail.command("send-pending")
@click.option("--limit", default=500, show_default=True)
def send_pending_command(limit: int) -> None:
    """Deliver messages that wait in the outbox; safe to run from cron."""
    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("no mail server configured (PORTAL_MAIL_SERVER)")
    sent, failed = send_pending(limit=limit)
    click.echo(f"sent {sent}, failed {failed}")
    if failed:
        raise SystemExit(1)
