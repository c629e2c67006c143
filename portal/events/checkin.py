"""Marking arrivals at the door: by ticket code (scanned or typed) or by a name search."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update

from portal.audit.services import record
from portal.database import utcnow
from portal.events.models import Registration
from portal.events.states import RegistrationStatus
from portal.events.tickets import normalise_code
from portal.extensions import db


@dataclass
class CheckinResult:
    registration: Registration | None
    #: "arrived", "already" (checked in before), "not_confirmed", "unknown"
    outcome: str
    first_arrival: datetime | None = None


def find_by_code(event, typed: str) -> Registration | None:
    code = normalise_code(typed)
    if not code:
        return None
    return db.session.scalar(db.select(Registration).where(
        Registration.event_id == event.id, Registration.ticket_code == code))


def check_in(actor, event, registration: Registration | None) -> CheckinResult:
    """Mark an arrival once; a second scan of the same ticket says when it was first seen."""
    if registration is None or registration.event_id != event.id:
        return CheckinResult(None, "unknown")
    if registration.status != RegistrationStatus.CONFIRMED:
        return CheckinResult(registration, "not_confirmed")
    now = utcnow()
    # Conditional, so two doors scanning one ticket at once record a single arrival.
    result = db.session.execute(
        update(Registration).where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now, checked_in_by_id=getattr(actor, "id", None))
        .execution_options(synchronize_session=False))
    db.session.refresh(registration)
    if result.rowcount != 1:
        return CheckinResult(registration, "already", registration.checked_in_at)
    record(actor, "event.checked_in", f"registration:{registration.id}", event=event.id)
    return CheckinResult(registration, "arrived", now)


def undo_check_in(actor, registration: Registration) -> None:
    registration.checked_in_at, registration.checked_in_by_id = None, None
    db.session.flush()
    record(actor, "event.check_in_undone", f"registration:{registration.id}")
