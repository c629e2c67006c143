"""`flask --app portal events …`: make an event; release lapsed holds and send reminders (cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.events import services
from portal.events.states import EventAudience
from portal.events.tasks import release_and_remind
from portal.events.timezone import parse_iso
from portal.unit_of_work import transactional
from portal.urls import YEARS

events = AppGroup("events", help="Events and their registrations.")


def _time(value: str | None, option: str):
    if not value:
        raise click.ClickException(f"{option} is required (ISO 8601, e.g. 2026-12-01T14:00+08:00)")
    try:
        moment = parse_iso(value)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved to UTC
        raise click.ClickException(f"{option}: not an ISO 8601 time: {value!r}") from None
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise click.ClickException(f"{option}: not between the years {YEARS[0]} and {YEARS[1]}: {value!r}")
    return moment


def _capacity(value: str | None) -> int | None:
    if value is None:
        raise click.ClickException("--capacity is required (a number of seats, or 'unlimited')")
    if value.strip().lower() in ("unlimited", "none"):
        return None
    try:
        number = int(value)
    except ValueError:
        raise click.ClickException(f"--capacity: not a whole number: {value!r}") from None
    if not 0 <= number <= 100_000:  # the staff form's bounds
        raise click.ClickException("--capacity must be from 0 to 100000")
    return number


# Options are checked in the function, not by click, whose usage errors run to several lines.
@events.command("create")
@click.option("--title")
@click.option("--starts", help="ISO 8601; without an offset, Beijing time.")
@click.option("--ends", help="ISO 8601; without an offset, Beijing time.")
@click.option("--venue")
@click.option("--capacity", help="Number of seats, or 'unlimited'.")
@click.option("--audience", default=EventAudience.PUBLIC.value, help="public or members")
@click.option("--address", default="")
@click.option("--description", default="", help="Text or simple HTML (sanitised).")
@click.option("--publish", is_flag=True, help="Publish at once (default: a draft).")
@transactional
def create(title, starts, ends, venue, capacity, audience, address, description, publish) -> None:
    """Make an event and print its id."""
    if not (title or "").strip():
        raise click.ClickException("--title is required")
    if not (venue or "").strip():
        raise click.ClickException("--venue is required")
    if EventAudience.parse(audience) is None:
        raise click.ClickException(f"--audience must be public or members, not {audience!r}")
    data = dict(title=title, starts_at=_time(starts, "--starts"), ends_at=_time(ends, "--ends"), venue=venue,
                capacity=_capacity(capacity), audience=audience, address=address, description=description)
    if len(title.strip()) > 200 or len(venue.strip()) > 200:
        raise click.ClickException("--title and --venue take at most 200 characters")
    try:
        event = services.create_event(None, publish=publish, **data)
    except services.EventError as error:
        raise click.ClickException(str(error)) from None
    click.echo(event.id)


@events.command("remind")
@transactional
def remind() -> None:
    """Release lapsed seats and send reminders of events starting soon; safe from cron."""
    released, reminded = release_and_remind()
    click.echo(f"released {released}, reminded {reminded}")
