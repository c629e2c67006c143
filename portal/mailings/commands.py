"""`flask --app portal mailings send …`: announce a bulletin or an event to an audience."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal import unit_of_work
from portal.mailings.services import MailingError, create_mailing, start_mailing

mailings = AppGroup("mailings", help="Announcements by email.")

_LARGEST_ID = 2 ** 31 - 1


def _id(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= _LARGEST_ID:
        raise click.ClickException(f"{option}: not an id: {value!r}")
    return int(text)


def _send(bulletin_id, event_id, audience, tier, industry) -> tuple[int, int]:
    mailing = create_mailing(None, audience=audience, bulletin_id=bulletin_id, event_id=event_id,
                             tier=tier, industry=industry)
    return mailing.id, start_mailing(None, mailing)


# Options are read as text and checked here, so that bad input ends in one line, not click's usage.
@mailings.command("send")
@click.option("--bulletin", "bulletin", default=None, help="Id of a published bulletin.")
@click.option("--event", "event", default=None, help="Id of a published event.")
@click.option("--audience", default=None, help="members, subscribers or everyone.")
@click.option("--tier", default="", help="Only member firms of this tier (code).")
@click.option("--industry", default="", help="Only member firms in this industry (code).")
def send_command(bulletin, event, audience, tier, industry) -> None:
    """Queue one mailing to the audience; print its id last."""
    if audience is None:
        raise click.ClickException("--audience is required (members, subscribers, everyone)")
    bulletin_id, event_id = _id(bulletin, "--bulletin"), _id(event, "--event")
    if (bulletin_id is None) == (event_id is None):
        raise click.ClickException("give exactly one of --bulletin or --event")
    # Links in the messages are built by url_for, which needs a request; SITE_URL decides them.
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        try:
            mailing_id, queued = unit_of_work.run(_send, bulletin_id, event_id, audience.strip(),
                                                  tier.strip(), industry.strip())
        except MailingError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"queued {queued} messages")
    click.echo(mailing_id)
