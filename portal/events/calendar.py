"""iCalendar files of events, importable by common calendar apps."""
from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from flask import current_app

from portal.database import utcnow
from portal.events.timezone import local, zone
from portal.richtext import plain_text
from portal.urls import site_url


def _uid(event) -> str:
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "portal"
    return f"event-{event.id}@{host}"


def _organizer() -> icalendar.vCalAddress:
    """The association, reachable at its sender address."""
    config = current_app.config
    organizer = icalendar.vCalAddress(f"mailto:{config['MAIL_SENDER']}")
    organizer.params["CN"] = config["SITE_NAME"]  # quoted by icalendar where the name needs it
    return organizer


def _vevent(event, stamp) -> icalendar.Event:
    # Text goes through add(), which types it as TEXT: icalendar escapes commas, semicolons,
    # backslashes and every line break (a lone CR too), and folds long lines when serialising.
    entry = icalendar.Event()
    entry.add("uid", _uid(event))
    entry.add("dtstamp", stamp)
    # Local times with their TZID (and a VTIMEZONE below): apps show the meeting's own clock time.
    entry.add("dtstart", local(event.starts_at))
    entry.add("dtend", local(event.ends_at))
    entry.add("last-modified", event.updated_at)
    #: Calendar apps replace their copy only when SEQUENCE grows (RFC 5545, 3.8.7.4).
    entry.add("sequence", event.sequence or 0)
    entry.add("summary", event.title)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        entry.add("location", location)
    url = site_url("events.detail", event_id=event.id)
    entry.add("description", "\n\n".join(part for part in (plain_text(event.description), url) if part))
    entry.add("url", url)
    entry.add("organizer", _organizer())
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def calendar_of(events, name: str) -> bytes:
    """Return an .ics document with one VEVENT per event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Association portal//Events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar does not know the X-WR- names and would write them unescaped: type them as TEXT.
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", icalendar.vText(zone().key))
    stamp = utcnow()
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
