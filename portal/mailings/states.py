"""What a mailing is made from, whom it goes to, where it stands; why an address gets no mailings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class MailingSource(LabelledEnum):
    BULLETIN = "bulletin", _l("Bulletin")
    EVENT = "event", _l("Event")
    #: Written in the portal by staff (rich text, sanitised).
    NOTICE = "notice", _l("Association notice")


#: What a person can opt out of: a mailing's kind is its source (bulletins, event notices, notices).
MailingKind = MailingSource


class MailingAudience(LabelledEnum):
    #: Representatives of active member firms (narrowed by tier and industry).
    MEMBERS = "members", _l("Member representatives")
    #: Visitors who subscribed and confirmed.
    SUBSCRIBERS = "subscribers", _l("Subscribers")
    #: Both, each address once.
    EVERYONE = "everyone", _l("Members and subscribers")


class MailingStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    #: Starts by itself at its `send_at`.
    SCHEDULED = "scheduled", _l("Scheduled")
    #: Recipients are fixed and their messages wait in the outbox.
    STARTED = "started", _l("Sending")
    #: Its unsent messages are held in the outbox until staff resume it.
    PAUSED = "paused", _l("Paused")
    CANCELLED = "cancelled", _l("Cancelled")


class SuppressionReason(LabelledEnum):
    UNSUBSCRIBED = "unsubscribed", _l("Unsubscribed")
    #: The SMTP server refused the address permanently (5xx).
    BOUNCING = "bouncing", _l("Bouncing")
