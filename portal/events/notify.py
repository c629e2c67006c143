"""The emails of registrations, queued in the outbox in the recipient's language."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.events.states import RegistrationStatus
from portal.events.tickets import format_code, qr_png, registration_token
from portal.mail.services import queue_message
from portal.urls import site_url


def _subject(template: str, title: str):
    # A fresh lazy string per message, so it is translated inside the recipient's locale.
    subjects = {
        "event_confirm_link": lambda: _l("Please confirm your registration: %(title)s", title=title),
        "event_confirmed": lambda: _l("Your registration is confirmed: %(title)s", title=title),
        "event_awaiting_approval": lambda: _l("Your registration awaits approval: %(title)s", title=title),
        "event_waiting": lambda: _l("You are on the waiting list: %(title)s", title=title),
        "event_promoted": lambda: _l("A seat is free for you: %(title)s", title=title),
        "event_cancelled": lambda: _l("Your registration is cancelled: %(title)s", title=title),
        "event_rejected": lambda: _l("Your registration was not accepted: %(title)s", title=title),
        "event_called_off": lambda: _l("Event cancelled: %(title)s", title=title),
        "event_reminder": lambda: _l("Reminder: %(title)s", title=title),
    }
    return subjects[template]()


def manage_link(registration) -> str:
    return site_url("events.registration", token=registration_token(registration))


def send(registration, template: str, **extra) -> None:
    """Queue one of the registration emails to the person who registered."""
    event = registration.event
    context = dict(
        registration=registration, event=event, link=manage_link(registration),
        event_link=site_url("events.detail", event_id=event.id),
        ics_link=site_url("events.ics", event_id=event.id),
        hours=current_app.config["EVENT_CONFIRMATION_HOURS"], ticket=None, **extra)
    images = {}
    if registration.status == RegistrationStatus.CONFIRMED:
        context.update(ticket=format_code(registration.ticket_code))
        images["qr"] = qr_png(registration.ticket_code)
    queue_message(registration.email, template, _subject(template, event.title), registration.locale,
                  images=images, **context)


def after_registering(registration) -> None:
    """Tell the person where their registration stands."""
    template = {RegistrationStatus.PENDING: "event_confirm_link",
                RegistrationStatus.APPROVAL: "event_awaiting_approval",
                RegistrationStatus.CONFIRMED: "event_confirmed",
                RegistrationStatus.WAITING: "event_waiting"}[registration.status]
    send(registration, template)
