"""Event registrations as personal data: a person's export and erasure, and retention (PIPL)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, delete, or_, update

from portal.database import utcnow
from portal.events.models import Event, Registration
from portal.events.registration import lock_and_read, vacate
from portal.events.states import LIVE, RegistrationStatus
from portal.extensions import db
from portal.privacy import PersonalData, register


def _theirs(user):
    conditions = [Registration.user_id == user.id]
    if not user.email.endswith("@invalid"):  # an erased account no longer names its address
        conditions.append(Registration.email_key == user.email.lower())
    return db.select(Registration).where(or_(*conditions)).order_by(Registration.id)


def export_registrations(user) -> list[dict]:
    def when(value):
        return value.isoformat() if value else None

    return [{"event": r.event.title, "event_id": r.event_id, "starts_at": when(r.event.starts_at),
             "name": r.name, "email": r.email, "organisation": r.organisation, "status": r.status,
             "registered_at": when(r.created_at), "checked_in_at": when(r.checked_in_at)}
            for r in db.session.scalars(_theirs(user))]


def _anonymise(registration: Registration) -> None:
    registration.name, registration.organisation = "", ""
    registration.email = registration.email_key = f"erased-{registration.id}@invalid"


def erase_registrations(user) -> None:
    """Give up the person's seats and places in line (silently), then remove who they were."""
    for registration in db.session.scalars(_theirs(user)).all():
        lock_and_read(registration)
        if registration.status in LIVE:
            vacate(registration, RegistrationStatus.CANCELLED)
            registration.cancelled_at = utcnow()
        _anonymise(registration)
    db.session.flush()


def purge_registrations(settings) -> int:
    """Delete never-confirmed registrations past retention; anonymise attendees of long-past events."""
    now = utcnow()
    unconfirmed_before = now - timedelta(days=int(settings.get("UNCONFIRMED_RETENTION_DAYS", 7)))
    attended_before = now - timedelta(days=30 * int(settings.get("ATTENDEE_RETENTION_MONTHS", 24)))
    # Only rows that hold no seat and no place in line: the counters stay true.
    deleted = db.session.execute(delete(Registration).where(
        Registration.email_confirmed_at.is_(None),
        Registration.status.in_([RegistrationStatus.EXPIRED, RegistrationStatus.CANCELLED,
                                 RegistrationStatus.REJECTED]),
        Registration.updated_at < unconfirmed_before).execution_options(synchronize_session=False)).rowcount
    old_events = db.select(Event.id).where(Event.ends_at < attended_before)
    anonymised = db.session.execute(
        update(Registration).where(and_(Registration.event_id.in_(old_events),
                                        ~Registration.email_key.like("erased-%")))
        .values(name="", organisation="", email="erased-" + Registration.id.cast(db.String) + "@invalid",
                email_key="erased-" + Registration.id.cast(db.String) + "@invalid")
        .execution_options(synchronize_session=False)).rowcount
    return deleted + anonymised


register(PersonalData("event_registrations", export_registrations, erase_registrations, purge_registrations))
