"""Events: announcing meetings, registering for them, tickets, calendars and check-in."""
from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

#: Settings of this feature; instance/config.py or PORTAL_EVENT_* variables override them.
DEFAULTS = {
    #: A visitor confirms their seat from the emailed link within this time, or it is released.
    "EVENT_CONFIRMATION_HOURS": 24,
    #: `events remind` writes to people whose event starts within this time.
    "EVENT_REMINDER_HOURS": 24,
    #: Guest registrations per address (logged-in people are not throttled).
    "EVENT_REGISTRATION_LIMIT": "10 per minute;60 per hour",
}


@bp.record_once
def _set_defaults(state) -> None:
    for key, value in DEFAULTS.items():
        state.app.config.setdefault(key, value)


@bp.record_once
def _register_feed(state) -> None:
    # /events.ics sits beside the blueprint's prefix, not under it, so it is added to the app.
    from portal.events.views import calendar_feed

    state.app.add_url_rule("/events.ics", endpoint="events.calendar_feed", view_func=calendar_feed)


from portal.events import policies, privacy, views  # noqa: E402,F401  (privacy: registers with portal.privacy)
