"""What an event and a registration can be, with the labels people see."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class EventStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")
    CANCELLED = "cancelled", _l("Cancelled")


class EventAudience(LabelledEnum):
    PUBLIC = "public", _l("Everyone (public)")
    MEMBERS = "members", _l("Members only")


class RegistrationStatus(LabelledEnum):
    #: A visitor's seat, held until the emailed link is followed.
    PENDING = "pending", _l("Awaiting email confirmation")
    #: A seat held for staff to approve.
    APPROVAL = "approval", _l("Awaiting approval")
    CONFIRMED = "confirmed", _l("Confirmed")
    WAITING = "waiting", _l("Waiting list")
    CANCELLED = "cancelled", _l("Cancelled")
    REJECTED = "rejected", _l("Rejected")
    EXPIRED = "expired", _l("Expired")


#: The statuses that occupy a seat, counted by Event.seats_taken.
HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.APPROVAL, RegistrationStatus.CONFIRMED)
#: Still in play: holding a seat or in line for one (what a person may cancel, staff may reject).
LIVE = HOLDING + (RegistrationStatus.WAITING,)
#: Given up by the person or by the clock: the address may register again.
ENDED = (RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED)
