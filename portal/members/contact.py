"""Who sees which of a firm's contact details: the one place that decides it.

Pages ask `visible_contacts(firm, viewer)`. The API, the feeds and the search index carry no
contact details at all; anything that ever should takes `visible_contacts(firm, None)`, the
public ones, and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.members.models import CHOSEN_CONTACTS, Firm
from portal.members.states import Visibility
from portal.permissions import Role, has_role, is_staff

#: Each audience with the visibilities it sees; a wider audience sees everything a narrower one does.
SEEN_BY = {
    Visibility.PUBLIC: (Visibility.PUBLIC,),
    Visibility.MEMBERS: (Visibility.PUBLIC, Visibility.MEMBERS),
    Visibility.STAFF: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF),
}

#: The label of each contact detail, in the order a page lists them.
CONTACT_LABELS = {
    "public_contact": _l("Contact"),
    "telephone": _l("Telephone"),
    "contact_email": _l("Email"),
    "address": _l("Address"),
    "private_contact": _l("Private contact (staff only)"),
}


@dataclass(frozen=True)
class Contact:
    name: str
    label: str
    value: str
    visibility: Visibility


def audience_of(viewer) -> Visibility:
    """Return the widest visibility `viewer` sees (None or anonymous: the public)."""
    if is_staff(viewer):
        return Visibility.STAFF
    # A representative speaks for an active member firm; one whose membership lapsed, or an
    # account with the member role and no firm, is no longer (or not yet) among the members.
    if has_role(viewer, Role.MEMBER) and viewer.firm is not None and viewer.firm.is_public:
        return Visibility.MEMBERS
    return Visibility.PUBLIC


def visibility_of(firm: Firm, name: str) -> Visibility:
    """Return who sees the detail `name`; the private contact, and any unreadable value, is staff's."""
    if name not in CHOSEN_CONTACTS:
        return Visibility.STAFF
    return Visibility.parse(getattr(firm, f"{name}_visibility")) or Visibility.STAFF


def hides_more(new, old) -> bool:
    """Tell whether visibility `new` shows a detail to fewer people than `old` (staff only < members < public)."""
    new, old = Visibility.parse(new), Visibility.parse(old)
    return new is not None and old is not None and len(SEEN_BY[new]) > len(SEEN_BY[old])


def visible_contacts(firm: Firm, viewer) -> dict[str, Contact]:
    """Return the firm's filled-in contact details that `viewer` may see, by name, in page order."""
    seen = SEEN_BY[audience_of(viewer)]
    contacts = {}
    for name, label in CONTACT_LABELS.items():
        value, visibility = getattr(firm, name), visibility_of(firm, name)
        if value and visibility in seen:
            contacts[name] = Contact(name, label, value, visibility)
    return contacts
