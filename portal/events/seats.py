"""The seat counter and the waiting list, changed only by conditional UPDATEs of the event row.

Every function here starts by writing the event row, so concurrent transactions on one event queue
up behind its row lock (PostgreSQL) or the write lock (SQLite) before they read anything else;
the CHECK constraint seats_taken <= capacity makes an overbooking impossible even for a bug.
"""
from __future__ import annotations

from sqlalchemy import or_, update

from portal.events.models import Event, Registration
from portal.events.states import RegistrationStatus
from portal.extensions import db


def _event_update(event_id: int):
    return update(Event).where(Event.id == event_id).execution_options(synchronize_session=False)


def take_seat(event: Event) -> bool:
    """Take one seat if one is free; False when the event is full."""
    result = db.session.execute(
        _event_update(event.id)
        .where(or_(Event.capacity.is_(None), Event.seats_taken < Event.capacity))
        .values(seats_taken=Event.seats_taken + 1))
    db.session.expire(event, ["seats_taken"])
    return result.rowcount == 1


def release_seat(event: Event) -> None:
    """Give one seat back."""
    db.session.execute(_event_update(event.id).where(Event.seats_taken > 0)
                       .values(seats_taken=Event.seats_taken - 1))
    db.session.expire(event, ["seats_taken"])


def join_waitlist(event: Event) -> int:
    """Lengthen the waiting list by one and return the new last position."""
    position = db.session.execute(
        _event_update(event.id).values(waitlist_length=Event.waitlist_length + 1)
        .returning(Event.waitlist_length)).scalar_one()
    db.session.expire(event, ["waitlist_length"])
    return position


def leave_waitlist(event: Event, position: int) -> None:
    """Close the gap left at `position`: everyone behind moves up one."""
    db.session.execute(_event_update(event.id).where(Event.waitlist_length > 0)
                       .values(waitlist_length=Event.waitlist_length - 1))
    db.session.execute(
        update(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING,
               Registration.waitlist_position > position)
        .values(waitlist_position=Registration.waitlist_position - 1)
        .execution_options(synchronize_session=False))
    db.session.expire(event, ["waitlist_length"])
    _expire_waiting(event)


def lock_event(event: Event) -> None:
    """Queue behind other writers of this event before reading its registrations."""
    db.session.execute(_event_update(event.id).values(seats_taken=Event.seats_taken))


def first_in_line(event: Event) -> Registration | None:
    return db.session.scalar(db.select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING)
        .order_by(Registration.waitlist_position).limit(1))


def _expire_waiting(event: Event) -> None:
    # The positions changed in the database; loaded registrations must read them again.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Registration) and obj.event_id == event.id and obj.status == RegistrationStatus.WAITING:
            db.session.expire(obj, ["waitlist_position"])
