"""Reminders before an event; safe to run from cron every few minutes."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from portal.database import utcnow
from portal.events import notify
from portal.events.models import Event, Registration
from portal.events.states import EventStatus, RegistrationStatus
from portal.extensions import db


def send_reminders(now=None) -> int:
    """Queue a reminder to each confirmed person whose event starts soon; return how many."""
    now = now or utcnow()
    window = now + timedelta(hours=int(current_app.config["EVENT_REMINDER_HOURS"]))
    due = db.session.scalars(
        db.select(Registration.id).join(Event).where(
            Event.status == EventStatus.PUBLISHED, Event.starts_at > now, Event.starts_at <= window,
            Registration.status == RegistrationStatus.CONFIRMED, Registration.reminded_at.is_(None))
        .order_by(Registration.id)).all()
    sent = 0
    for registration_id in due:
        # Claimed by a conditional UPDATE: two overlapping runs never remind the same person twice.
        claimed = db.session.execute(
            update(Registration).where(Registration.id == registration_id, Registration.reminded_at.is_(None),
                                       Registration.status == RegistrationStatus.CONFIRMED)
            .values(reminded_at=now).execution_options(synchronize_session=False)).rowcount
        if claimed:
            notify.send(db.session.get(Registration, registration_id), "event_reminder")
            sent += 1
    return sent
