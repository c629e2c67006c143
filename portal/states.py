"""Every status and kind enum in one place, so templates compare with members, never with literals."""
from __future__ import annotations

from portal.bulletins.states import BulletinAudience, BulletinStatus, ImportStatus, SectionKind
from portal.events.states import EventAudience, EventStatus, RegistrationStatus
from portal.mail.states import OutboxStatus
from portal.mailings.states import MailingAudience, MailingSource, MailingStatus, SuppressionReason
from portal.members.states import FirmStatus, RevisionStatus, Visibility
from portal.members.tiers import Tier
from portal.memberships.states import ApplicationStatus, LicenceFormat, PaymentMethod

#: Each enum with the model attribute that holds its values.
STATES = {
    BulletinStatus: "status", BulletinAudience: "audience", SectionKind: "kind", ImportStatus: "status",
    EventStatus: "status", EventAudience: "audience", RegistrationStatus: "status",
    OutboxStatus: "status",
    MailingSource: "source", MailingAudience: "audience", MailingStatus: "status", SuppressionReason: "reason",
    FirmStatus: "status", RevisionStatus: "status", Tier: "tier",
    # Held by one column per contact detail (telephone_visibility, …); code names them `visibility`.
    Visibility: "visibility",
    ApplicationStatus: "status", LicenceFormat: "licence_format",
    PaymentMethod: "method",
}


def register_template_states(app) -> None:
    """Let templates name the enums: `{% if item.status == RegistrationStatus.CONFIRMED %}`."""
    app.jinja_env.globals.update({state.__name__: state for state in STATES})
