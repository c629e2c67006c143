"""iCalendar files of events, importable by common calendar apps."""
from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from flask import current_app

from portal.database import utcnow
from portal.events.timezone import local
from portal.richtext import plain_text
from portal.urls import site_url


def _uid(event) -> str:
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "portal"
    return f"event-{event.id}@{host}"


def _vevent(event, stamp) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", _uid(event))
    entry.add("dtstamp", stamp)
    # Local times with their TZID (and a VTIMEZONE below): apps show the meeting's own clock time.
    entry.add("dtstart", local(event.starts_at))
    entry.add("dtend", local(event.ends_at))
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)  # icalendar escapes commas, semicolons and newlines
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        entry.add("location", location)
    url = site_url("events.detail", event_id=event.id)
    entry.add("description", "\n\n".join(part for part in (plain_text(event.description), url) if part))
    entry.add("url", url)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def calendar_of(events, name: str) -> bytes:
    """Return an .ics document with one VEVENT per event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Association portal//Events//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = utcnow()
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
