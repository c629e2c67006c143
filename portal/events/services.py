"""Events: creating, editing, publishing, cancelling and copying them; listings and counts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from portal.audit.services import record
from portal.database import utcnow
from portal.events import notify, seats
from portal.events.models import Event, Registration
from portal.events.registration import promote
from portal.events.states import LIVE, EventAudience, EventStatus
from portal.extensions import db
from portal.richtext import clean_html

#: What staff set through the form or the command line; counters and status are not among them.
EDITABLE_FIELDS = ("title", "description", "organiser", "starts_at", "ends_at", "venue", "address",
                   "capacity", "audience", "registration_opens_at", "registration_closes_at",
                   "requires_approval", "cover")


class EventError(ValueError):
    """A request about an event that cannot be carried out, with a reason fit to show."""


def _check(data: dict) -> None:
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        value = data.get(key)
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            raise EventError(f"{key} must be a timezone-aware datetime")
    if data["ends_at"] < data["starts_at"]:
        raise EventError(_l("The event cannot end before it starts."))
    if data.get("capacity") is not None and data["capacity"] < 0:
        raise EventError(_l("The capacity cannot be negative."))
    if EventAudience.parse(data.get("audience", EventAudience.PUBLIC)) is None:
        raise EventError("audience must be public or members")
    if not (data.get("title") or "").strip():
        raise EventError(_l("The event needs a title."))


def _clean(data: dict) -> dict:
    cleaned = {key: data[key] for key in EDITABLE_FIELDS if key in data}
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    if "description" in cleaned:
        cleaned["description"] = clean_html(cleaned["description"])
    return cleaned


def create_event(actor, publish: bool = False, **data) -> Event:
    """Make an event (a draft unless `publish`)."""
    cleaned = _clean(data)
    _check(cleaned)
    event = Event(**cleaned, status=EventStatus.PUBLISHED if publish else EventStatus.DRAFT,
                  created_by_id=getattr(actor, "id", None))
    db.session.add(event)
    db.session.flush()
    record(actor, "event.created", f"event:{event.id}", title=event.title, status=event.status)
    return event


def update_event(actor, event: Event, data: dict) -> None:
    """Change an event; a raised capacity promotes people from the waiting list at once."""
    seats.lock_event(event)
    db.session.refresh(event)
    cleaned = {**{key: getattr(event, key) for key in EDITABLE_FIELDS}, **_clean(data)}
    _check(cleaned)
    if cleaned["capacity"] is not None and cleaned["capacity"] < event.seats_taken:
        raise EventError(_l("%(count)s seats are taken already; the capacity cannot be lower.",
                            count=event.seats_taken))
    changed = [key for key in EDITABLE_FIELDS if getattr(event, key) != cleaned[key]]
    for key in changed:
        setattr(event, key, cleaned[key])
    if changed:
        event.sequence += 1
    db.session.flush()
    promote(event)
    if changed:
        record(actor, "event.updated", f"event:{event.id}", fields=changed)


def publish_event(actor, event: Event) -> None:
    if event.status != EventStatus.DRAFT:
        raise EventError(_l("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    db.session.flush()
    record(actor, "event.published", f"event:{event.id}")


def cancel_event(actor, event: Event) -> int:
    """Call the event off and tell everyone registered; return how many were told."""
    if event.status == EventStatus.CANCELLED:
        return 0
    was_published = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.sequence = Event.sequence + 1  # in SQL: no edit's increment is lost beside it
    db.session.flush()
    told = 0
    if was_published:
        active = db.session.scalars(db.select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_(LIVE))).all()
        for registration in active:
            notify.send(registration, "event_called_off")
            told += 1
    record(actor, "event.cancelled", f"event:{event.id}", told=told)
    return told


def copy_event(actor, event: Event) -> Event:
    """Make a draft with the same details, for a meeting that recurs."""
    data = {key: getattr(event, key) for key in EDITABLE_FIELDS}
    copy = create_event(actor, **data)
    record(actor, "event.copied", f"event:{copy.id}", source=event.id)
    return copy


def visible_events(include_drafts: bool = False):
    query = db.select(Event)
    if not include_drafts:
        query = query.where(Event.status != EventStatus.DRAFT)
    return query


def upcoming_events(include_drafts: bool = False, now: datetime | None = None) -> list[Event]:
    """Events not yet over, soonest first."""
    return list(db.session.scalars(upcoming_query(include_drafts, now)))


def upcoming_query(include_drafts: bool = False, now: datetime | None = None):
    """Select events not yet over, soonest first (for a page of them: db.paginate)."""
    now = now or utcnow()
    return visible_events(include_drafts).where(Event.ends_at > now).order_by(Event.starts_at, Event.id)


def next_published_events(limit: int, now: datetime | None = None) -> list[Event]:
    """The first `limit` published events not yet over, soonest first (staff's overview)."""
    now = now or utcnow()
    return list(db.session.scalars(db.select(Event).where(Event.status == EventStatus.PUBLISHED, Event.ends_at > now)
                                   .order_by(Event.starts_at, Event.id).limit(limit)))


def past_years(now: datetime | None = None) -> list[int]:
    """The years (Asia/Shanghai) that have past events, newest first."""
    from portal.events.timezone import local

    now = now or utcnow()
    starts = db.session.scalars(db.select(Event.starts_at).where(Event.status != EventStatus.DRAFT,
                                                                 Event.ends_at <= now))
    return sorted({local(value).year for value in starts}, reverse=True)


def past_events(year: int | None = None, now: datetime | None = None) -> list[Event]:
    """Past events, newest first; of one year when given."""
    return list(db.session.scalars(past_query(year, now)))


def past_query(year: int | None = None, now: datetime | None = None):
    """Select past events, newest first; of one year when given (for a page of them: db.paginate)."""
    from portal.events.timezone import year_bounds

    now = now or utcnow()
    query = visible_events().where(Event.ends_at <= now)
    if year is not None:
        start, end = year_bounds(year)
        query = query.where(Event.starts_at >= start, Event.starts_at < end)
    return query.order_by(Event.starts_at.desc(), Event.id.desc())


@dataclass
class Counts:
    confirmed: int = 0
    pending: int = 0
    approval: int = 0
    waiting: int = 0
    cancelled: int = 0
    checked_in: int = 0


def counts(event: Event) -> Counts:
    """How many registrations stand where, for staff."""
    result = Counts()
    rows = db.session.execute(db.select(Registration.status, func.count()).where(
        Registration.event_id == event.id).group_by(Registration.status))
    for status, number in rows:
        if hasattr(result, status):
            setattr(result, status, number)
    result.checked_in = db.session.scalar(db.select(func.count()).where(
        Registration.event_id == event.id, Registration.checked_in_at.is_not(None)))
    return result
