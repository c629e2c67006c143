"""`flask --app portal privacy purge`"""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.privacy.services import purge
from portal.unit_of_work import transactional

privacy = AppGroup("privacy", help="Personal data.")


@privacy.command("purge")
@transactional
def purge_command() -> None:
    """Delete what is past its retention (unconfirmed registrations, old attendee contacts); cron-safe."""
    counts = purge(current_app.config)
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()) or "nothing to purge")
