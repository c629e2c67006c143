"""What staff do with single registrations: approve, reject, give a seat, cancel."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.database import utcnow
from portal.events import notify, seats
from portal.events.models import Registration
from portal.events.registration import RegistrationError, cancel, lock_and_read, vacate
from portal.events.states import LIVE, RegistrationStatus
from portal.extensions import db

ACTIONS = ("approve", "reject", "seat", "cancel")
#: Staff may seat these: a held seat is confirmed as it is; the others need a free seat.
SEATABLE_HELD = (RegistrationStatus.PENDING, RegistrationStatus.APPROVAL)
SEATABLE_UNSEATED = (RegistrationStatus.WAITING, RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED,
                     RegistrationStatus.REJECTED)


def approve(actor, registration: Registration) -> None:
    """Confirm a registration that waits for approval (its seat is held already)."""
    lock_and_read(registration)
    if registration.status != RegistrationStatus.APPROVAL:
        raise RegistrationError(_l("This registration does not wait for approval."))
    registration.status = RegistrationStatus.CONFIRMED
    notify.send(registration, "event_confirmed")
    record(actor, "event.registration_approved", f"registration:{registration.id}")


def reject(actor, registration: Registration) -> None:
    """Turn a registration down; its seat or place in line passes on."""
    lock_and_read(registration)
    if registration.status not in LIVE:
        raise RegistrationError(_l("This registration is no longer active."))
    vacate(registration, RegistrationStatus.REJECTED)
    notify.send(registration, "event_rejected")
    record(actor, "event.registration_rejected", f"registration:{registration.id}")


def give_seat(actor, registration: Registration) -> None:
    """Confirm someone from the waiting list (or a cancelled registration) if a seat is free."""
    lock_and_read(registration)
    event = registration.event
    if registration.status in SEATABLE_HELD:
        registration.status, registration.hold_expires_at = RegistrationStatus.CONFIRMED, None
    elif registration.status in SEATABLE_UNSEATED:
        if not seats.take_seat(event):
            raise RegistrationError(_l("No seat is free. Raise the capacity first."))
        position = registration.waitlist_position if registration.status == RegistrationStatus.WAITING else None
        registration.status, registration.waitlist_position = RegistrationStatus.CONFIRMED, None
        registration.cancelled_at = None
        db.session.flush()
        if position is not None:
            seats.leave_waitlist(event, position)
    else:
        raise RegistrationError(_l("This registration has a seat already."))
    registration.email_confirmed_at = registration.email_confirmed_at or utcnow()
    notify.send(registration, "event_confirmed")
    record(actor, "event.registration_seated", f"registration:{registration.id}")


def staff_cancel(actor, registration: Registration) -> None:
    if cancel(registration, by_staff=True):
        record(actor, "event.registration_cancelled", f"registration:{registration.id}")


def act(actor, registration: Registration, action: str) -> None:
    {"approve": approve, "reject": reject, "seat": give_seat, "cancel": staff_cancel}[action](actor, registration)
