"""Registering, confirming, cancelling and promoting from the waiting list; callers commit."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.auth.services import find_user
from portal.database import utcnow
from portal.events import notify, seats
from portal.events.models import Event, Registration
from portal.events.policies import can_register, registration_closed_reason
from portal.events.states import ENDED, LIVE, EventStatus, RegistrationStatus
from portal.events.tickets import new_ticket_code
from portal.extensions import db


class RegistrationError(ValueError):
    """A request about a registration that cannot be carried out, with a reason fit to show."""


class AlreadyRegistered(RegistrationError):
    def __init__(self, registration: Registration):
        super().__init__(_l("This email address is already registered for this event."))
        self.registration = registration


class LinkExpired(RegistrationError):
    def __init__(self):
        super().__init__(_l("This link has expired: the seat was not confirmed in time."))


def email_key(email: str) -> str:
    return (email or "").strip().lower()


def hold_hours() -> int:
    return int(current_app.config["EVENT_CONFIRMATION_HOURS"])


def find_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(db.select(Registration).where(
        Registration.event_id == event.id, Registration.email_key == email_key(email)))


def _seat_status(event: Event, registration: Registration) -> RegistrationStatus:
    if registration.email_confirmed_at is None:
        return RegistrationStatus.PENDING
    return RegistrationStatus.APPROVAL if event.requires_approval else RegistrationStatus.CONFIRMED


def _seat_or_queue(event: Event, registration: Registration, now: datetime) -> None:
    """Give the registration a seat if one is free, else the last place in line."""
    if seats.take_seat(event):
        registration.status = _seat_status(event, registration)
        registration.waitlist_position = None
        registration.hold_expires_at = (now + timedelta(hours=hold_hours())
                                        if registration.status == RegistrationStatus.PENDING else None)
    else:
        registration.status = RegistrationStatus.WAITING
        registration.waitlist_position = seats.join_waitlist(event)
        registration.hold_expires_at = None


def register(event: Event, name: str, email: str, organisation: str = "", locale: str = "zh",
             user=None) -> Registration:
    """Register a person: a seat when one is free, else the waiting list; emails them."""
    now = utcnow()
    # Under the event's lock, the checks below see every committed change (a cancellation too).
    seats.lock_event(event)
    db.session.refresh(event)
    if not can_register(user, event):
        raise RegistrationError(_l("This event is for member firms of the association."))
    reason = registration_closed_reason(event, now)
    if reason is not None:
        raise RegistrationError(reason)
    registration = find_registration(event, email)
    if registration is not None and registration.status not in ENDED:
        raise AlreadyRegistered(registration)
    fresh = registration is None
    if fresh:
        registration = Registration(event_id=event.id, email_key=email_key(email), ticket_code=new_ticket_code())
    # No flush until the row is complete: the seat counter's UPDATE would otherwise flush it half-made.
    with db.session.no_autoflush:
        registration.name, registration.email = name.strip(), email.strip()
        registration.organisation, registration.locale = (organisation or "").strip(), locale
        registration.cancelled_at = registration.checked_in_at = registration.reminded_at = None
        # An account's address is known to be its owner's; a visitor proves theirs by the emailed link.
        registration.user_id = user.id if user is not None else registration.user_id
        registration.email_confirmed_at = now if user is not None else None
        _seat_or_queue(event, registration, now)
    if fresh:
        db.session.add(registration)
    db.session.flush()
    notify.after_registering(registration)
    return registration


def register_user(event: Event, user, locale: str | None = None) -> Registration:
    """Register a logged-in account in one step."""
    organisation = user.firm.name if getattr(user, "firm", None) is not None else ""
    return register(event, user.name or user.email, user.email, organisation, locale or user.locale, user=user)


def lock_and_read(registration: Registration) -> Registration:
    """Take the event's lock, then read the registration as it stands now."""
    seats.lock_event(registration.event)
    db.session.refresh(registration.event)
    db.session.refresh(registration)
    return registration


def confirm_email(registration: Registration) -> Registration:
    """Follow the emailed link: a held seat becomes confirmed (or waits for approval)."""
    now = utcnow()
    lock_and_read(registration)
    if registration.status == RegistrationStatus.EXPIRED or (
            registration.status == RegistrationStatus.PENDING and registration.hold_expires_at <= now):
        _expire(registration)
        raise LinkExpired()
    if registration.email_confirmed_at is None:
        registration.email_confirmed_at = now
    if registration.user_id is None:
        # The address is proven now: an account with it is this person's (their export and erasure).
        account = find_user(registration.email)
        registration.user_id = account.id if account is not None else None
    if registration.status == RegistrationStatus.PENDING:
        registration.status = _seat_status(registration.event, registration)
        registration.hold_expires_at = None
        db.session.flush()
        notify.send(registration, "event_confirmed" if registration.status == RegistrationStatus.CONFIRMED
                    else "event_awaiting_approval")
    db.session.flush()
    return registration


def vacate(registration: Registration, status: RegistrationStatus) -> None:
    """Take the registration off its seat or out of the line; promote the next in line."""
    event = registration.event
    if registration.holds_seat:
        registration.status, registration.hold_expires_at = status, None
        db.session.flush()
        seats.release_seat(event)
        promote(event)
    elif registration.status == RegistrationStatus.WAITING:
        position = registration.waitlist_position
        registration.status, registration.waitlist_position = status, None
        db.session.flush()
        seats.leave_waitlist(event, position)
    else:
        registration.status = status
        db.session.flush()


def _expire(registration: Registration) -> None:
    if registration.status == RegistrationStatus.PENDING:
        vacate(registration, RegistrationStatus.EXPIRED)


def cancel(registration: Registration, by_staff: bool = False) -> bool:
    """Cancel a registration (idempotent); True if it was active. The next in line moves up."""
    lock_and_read(registration)
    if registration.status not in LIVE:
        return False
    vacate(registration, RegistrationStatus.CANCELLED)
    registration.cancelled_at = utcnow()
    db.session.flush()
    notify.send(registration, "event_cancelled", by_staff=by_staff)
    return True


def promote(event: Event) -> list[Registration]:
    """Fill free seats from the head of the waiting list, in order; email each promoted person."""
    promoted = []
    now = utcnow()
    if event.status != EventStatus.PUBLISHED or event.has_ended(now):
        return promoted
    while (first := seats.first_in_line(event)) is not None:
        if not seats.take_seat(event):
            break
        position = first.waitlist_position
        first.status = _seat_status(event, first)
        first.waitlist_position = None
        first.hold_expires_at = (now + timedelta(hours=hold_hours())
                                 if first.status == RegistrationStatus.PENDING else None)
        db.session.flush()
        seats.leave_waitlist(event, position)
        notify.send(first, "event_promoted")
        promoted.append(first)
    return promoted


def release_expired_holds(event: Event | None = None, now: datetime | None = None) -> int:
    """Release seats held past their confirmation time and promote; return how many."""
    now = now or utcnow()
    query = db.select(Registration.id).where(Registration.status == RegistrationStatus.PENDING,
                                             Registration.hold_expires_at <= now)
    if event is not None:
        query = query.where(Registration.event_id == event.id)
    released = 0
    for registration_id in db.session.scalars(query.order_by(Registration.id)).all():
        registration = lock_and_read(db.session.get(Registration, registration_id))
        if registration.status == RegistrationStatus.PENDING and registration.hold_expires_at <= now:
            _expire(registration)
            released += 1
    return released
