"""Events and the registrations for them; the seat counter lives on the event row."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, one_of, utcnow
from portal.events.states import HOLDING, LIVE, EventAudience, EventStatus, RegistrationStatus
from portal.extensions import db

WAITING = RegistrationStatus.WAITING


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(one_of("audience", EventAudience), name="audience_known"),
        CheckConstraint(one_of("status", EventStatus), name="status_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        # The last line of defence of the capacity invariant: the database refuses an overbooking.
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"),
        CheckConstraint("seats_taken >= 0 AND waitlist_length >= 0", name="counters_not_negative"),
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        Index("ix_events_listing", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Sanitised HTML (nh3), safe to render as is.
    description: Mapped[str] = mapped_column(Text, default="")
    #: Who holds the meeting when it is not the association itself (e.g. 市商务局).
    organiser: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    #: None: no limit.
    capacity: Mapped[int | None] = mapped_column()
    #: Registrations holding a seat (HOLDING); changed only by conditional UPDATEs in seats.py.
    seats_taken: Mapped[int] = mapped_column(default=0)
    #: Registrations on the waiting list; their positions run 1..waitlist_length.
    waitlist_length: Mapped[int] = mapped_column(default=0)
    audience: Mapped[str] = mapped_column(String(10), default=EventAudience.PUBLIC)
    status: Mapped[str] = mapped_column(String(10), default=EventStatus.DRAFT)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requires_approval: Mapped[bool] = mapped_column(default=False)
    #: Generated file name under uploads/covers; None without a cover image.
    cover: Mapped[str | None] = mapped_column(String(80))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: The iCalendar SEQUENCE: one more at each edit or cancellation, so calendars take the change.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_members_only(self) -> bool:
        return self.audience == EventAudience.MEMBERS

    @property
    def lapsed_holds(self) -> int:
        """Seats held past their confirmation time: free already, though not yet released."""
        if not self.seats_taken or self.id is None:
            return 0
        # Counted once per state of the counters: seats_left, seats_held and waiting_count all ask
        # (three per event in the API), and a release changes seats_taken, which counts again.
        counters = (self.seats_taken, self.waitlist_length)
        known = self.__dict__.get("_lapsed_holds")
        if known is not None and known[0] == counters:
            return known[1]
        count = db.session.scalar(db.select(db.func.count()).select_from(Registration).where(
            Registration.event_id == self.id, Registration.status == RegistrationStatus.PENDING,
            Registration.hold_expires_at <= utcnow())) or 0
        self.__dict__["_lapsed_holds"] = (counters, count)  # not a column: the row stays clean
        return count

    def _freed_seats(self) -> int:
        # A lapsed hold's seat goes to the first in line when released; only the rest come free.
        lapsed = self.lapsed_holds
        return max(0, lapsed - self.waitlist_length) if lapsed else 0

    @property
    def seats_left(self) -> int | None:
        """Free seats as readers see them: lapsed holds count as released (no GET releases them)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.seats_taken + self._freed_seats())

    @property
    def seats_held(self) -> int:
        """Seats taken as readers see them, never above the capacity."""
        taken = self.seats_taken - self._freed_seats()
        return taken if self.capacity is None else min(taken, self.capacity)

    @property
    def waiting_count(self) -> int:
        """The waiting list as readers see it: people a lapsed hold would move up are off it."""
        return max(0, self.waitlist_length - self.lapsed_holds) if self.waitlist_length else 0

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or utcnow())

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


class Registration(db.Model):
    __tablename__ = "event_registrations"
    __table_args__ = (
        CheckConstraint(one_of("status", RegistrationStatus), name="status_known"),
        CheckConstraint(
            f"(status = '{WAITING}' AND waitlist_position >= 1)"
            f" OR (status <> '{WAITING}' AND waitlist_position IS NULL)",
            name="position_when_waiting"),
        # One registration per person and event, whatever the capitals or the timing.
        UniqueConstraint("event_id", "email_key"),
        Index("ix_event_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    #: The account that registered; None for a visitor without one.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    #: The address lower-cased: what makes a registration unique per event.
    email_key: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: Language of the emails to this person.
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    status: Mapped[str] = mapped_column(String(12))
    #: 1 is next in line; None unless waiting.
    waitlist_position: Mapped[int | None] = mapped_column()
    #: A pending seat is released after this time.
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Set when the person followed the emailed link (or registered while logged in).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When a guest agreed to the privacy notice (members agreed with their account).
    privacy_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the QR code carries: unguessable, short enough to type at the door.
    ticket_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set once the reminder is queued, so cron never sends it twice.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    user = relationship("User", foreign_keys=[user_id])

    @property
    def holds_seat(self) -> bool:
        return self.status in HOLDING

    @property
    def current_status(self) -> str:
        """The status as readers see it: a hold past its time has expired, released or not yet."""
        if self.status == RegistrationStatus.PENDING and self.hold_expires_at is not None \
                and self.hold_expires_at <= utcnow():
            return RegistrationStatus.EXPIRED
        return self.status

    @property
    def is_live(self) -> bool:
        """Tell whether it holds a seat or a place in line (what can still be cancelled)."""
        return self.current_status in LIVE

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} {self.status}>"
