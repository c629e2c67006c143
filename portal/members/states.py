"""Where a member firm stands, and where a proposed profile change stands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class FirmStatus(LabelledEnum):
    #: Listed in the directory, search and API.
    ACTIVE = "active", _l("Active member")
    #: Out of the public directory until a payment renews it.
    LAPSED = "lapsed", _l("Membership lapsed")


class RevisionStatus(LabelledEnum):
    """A representative's proposed profile: waiting for staff, then approved or rejected."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Visibility(LabelledEnum):
    """Who sees one of a firm's contact details; each wider audience includes the narrower ones."""

    #: Everyone: the public page, and nothing more (the API, feeds and search carry no contact details).
    PUBLIC = "public", _l("Public")
    #: Logged-in representatives of active member firms, and staff.
    MEMBERS = "members", _l("Members only")
    #: The association's staff.
    STAFF = "staff", _l("Association staff only")
