"""Template helpers: when an event is, in Beijing time, and status labels."""
from __future__ import annotations

from flask_babel import format_date, format_time

from portal.events import bp
from portal.events.services import counts
from portal.events.states import EventStatus, RegistrationStatus
from portal.events.tickets import registration_token
from portal.events.timezone import local


@bp.app_template_global()
def event_when(event) -> str:
    """The date and the start and end times, as the association's clock shows them."""
    start, end = local(event.starts_at), local(event.ends_at)
    text = f"{format_date(event.starts_at, 'full')} {format_time(event.starts_at, 'HH:mm')}"
    if start.date() == end.date():
        return f"{text}–{format_time(event.ends_at, 'HH:mm')}"
    return f"{text} – {format_date(event.ends_at, 'full')} {format_time(event.ends_at, 'HH:mm')}"


@bp.app_template_global()
def event_date(event) -> str:
    return format_date(event.starts_at, "medium")


@bp.app_template_global()
def registration_status_label(status: str) -> str:
    return RegistrationStatus.label_of(status)


@bp.app_template_global()
def event_status_label(status: str) -> str:
    return EventStatus.label_of(status)


bp.add_app_template_global(registration_token, "registration_token")
bp.add_app_template_global(counts, "staff_counts")
