"""Make a mailing from a bulletin or an event, fix its recipients, queue one message to each."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert

from portal.audit.services import record
from portal.bulletins.models import Bulletin
from portal.bulletins.states import BulletinAudience
from portal.database import utcnow
from portal.events.models import Event
from portal.extensions import db
from portal.mail.services import queue_message
from portal.mailings.audience import recipients_query
from portal.mailings.models import Mailing, MailingRecipient
from portal.mailings.states import MailingAudience, MailingSource, MailingStatus
from portal.mailings.subscriptions import unsubscribe_token
from portal.members.tiers import INDUSTRIES, Tier
from portal.urls import site_url


class MailingError(ValueError):
    """A mailing that cannot be made as asked (its message is for the person who asked)."""


def create_mailing(actor, *, audience: str, bulletin_id: int | None = None, event_id: int | None = None,
                   tier: str = "", industry: str = "") -> Mailing:
    """Check the source and the audience, and add a draft mailing."""
    if (bulletin_id is None) == (event_id is None):
        raise MailingError("give exactly one of --bulletin or --event")
    if MailingAudience.parse(audience) is None:
        raise MailingError(f"unknown audience {audience!r} (members, subscribers, everyone)")
    if tier and Tier.parse(tier) is None:
        raise MailingError(f"unknown tier {tier!r} ({', '.join(Tier.values())})")
    if industry and industry not in INDUSTRIES:
        raise MailingError(f"unknown industry {industry!r} ({', '.join(INDUSTRIES)})")
    if bulletin_id is not None:
        bulletin = db.session.get(Bulletin, bulletin_id)
        if bulletin is None or not bulletin.is_published:
            raise MailingError(f"no published bulletin {bulletin_id}")
    else:
        event = db.session.get(Event, event_id)
        if event is None or not event.is_published:
            raise MailingError(f"no published event {event_id}")
    mailing = Mailing(source=MailingSource.BULLETIN if bulletin_id is not None else MailingSource.EVENT,
                      bulletin_id=bulletin_id, event_id=event_id, audience=audience, tier=tier, industry=industry,
                      created_by_id=getattr(actor, "id", None))
    db.session.add(mailing)
    db.session.flush()
    record(actor, "mailing.created", f"mailing:{mailing.id}")
    return mailing


def _members_only(mailing: Mailing) -> bool:
    if mailing.source == MailingSource.EVENT:
        return db.session.get(Event, mailing.event_id).is_members_only
    return db.session.get(Bulletin, mailing.bulletin_id).audience == BulletinAudience.MEMBERS


def start_mailing(actor, mailing: Mailing) -> int:
    """Fix the recipients (one set-based INSERT) and queue a message to each not yet queued; return how many."""
    if mailing.status == MailingStatus.CANCELLED:
        raise MailingError(f"mailing {mailing.id} is cancelled")
    # A restart adds nobody already fixed (the query skips them; the unique key would refuse them).
    columns = [MailingRecipient.mailing_id, MailingRecipient.address, MailingRecipient.locale]
    db.session.execute(insert(MailingRecipient).from_select(columns, recipients_query(mailing, _members_only(mailing))))
    if mailing.status == MailingStatus.DRAFT:
        mailing.status, mailing.started_at = MailingStatus.STARTED, utcnow()
        record(actor, "mailing.started", f"mailing:{mailing.id}")
    waiting = db.session.scalars(db.select(MailingRecipient).where(
        MailingRecipient.mailing_id == mailing.id, MailingRecipient.outbox_message_id.is_(None))
        .order_by(MailingRecipient.id)).all()
    for recipient in waiting:
        recipient.outbox_message_id = _queue(mailing, recipient).id
    db.session.flush()
    return len(waiting)


def _queue(mailing: Mailing, recipient: MailingRecipient):
    unsubscribe_link = site_url("mailings.unsubscribe", token=unsubscribe_token(recipient.address))
    headers = {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    context = dict(unsubscribe_link=unsubscribe_link, headers=headers)  # `headers` goes to the message
    if mailing.source == MailingSource.BULLETIN:
        bulletin = db.session.get(Bulletin, mailing.bulletin_id)
        return queue_message(recipient.address, "mailing_bulletin", _l("Bulletin: %(title)s", title=bulletin.title),
                             recipient.locale, bulletin=bulletin,
                             link=site_url("bulletins.detail", bulletin_id=bulletin.id), **context)
    event = db.session.get(Event, mailing.event_id)
    return queue_message(recipient.address, "mailing_event", _l("Event: %(title)s", title=event.title),
                         recipient.locale, event=event, link=site_url("events.detail", event_id=event.id),
                         ics_link=site_url("events.ics", event_id=event.id), **context)
