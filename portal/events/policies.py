"""Who may see, manage and register for an event; views and templates ask the same functions."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.database import utcnow
from portal.events.states import EventStatus
from portal.permissions import Role, has_role, is_staff, policy


@policy
def can_manage_events(user) -> bool:
    """Staff open the event tools: the list of every event, new events."""
    return is_staff(user)


@policy
def can_manage_event(user, event=None) -> bool:
    """Staff create, edit, publish and cancel events and handle their registrations."""
    return is_staff(user)


@policy
def can_edit_event(user, event) -> bool:
    """A cancelled event is over: staff copy it to hold it again rather than change it."""
    return can_manage_event(user, event) and event.status != EventStatus.CANCELLED


@policy
def can_view_event(user, event) -> bool:
    """Drafts are for staff eyes only; published and cancelled events are public."""
    return event.status != EventStatus.DRAFT or can_manage_event(user, event)


@policy
def can_register(user, event) -> bool:
    """Members-only events admit member representatives (and staff); public events anyone."""
    if event.is_members_only:
        return has_role(user, Role.MEMBER)
    return True


def registration_closed_reason(event, now=None):
    """Say why the event takes no registrations now, or None when it does."""
    now = now or utcnow()
    if event.status == EventStatus.CANCELLED:
        return _l("This event is cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _l("This event is not open for registration.")
    if event.starts_at <= now:
        return _l("Registration is closed: the event has started.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _l("Registration has not opened yet.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _l("Registration is closed.")
    return None


@policy
def can_view_registration(user, registration) -> bool:
    """A person sees their own registration (by account); staff see all."""
    if can_manage_event(user, registration.event):
        return True
    return getattr(user, "is_authenticated", False) and registration.user_id == user.id
