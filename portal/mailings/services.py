"""Make a mailing from a bulletin or an event, fix its recipients, queue one message to each."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert

from portal.audit.services import record
from portal.bulletins.models import Bulletin
from portal.bulletins.states import BulletinAudience
from portal.database import utcnow
from portal.events.models import Event
from portal.extensions import db
from portal.mail import services as mail
from portal.mailings.audience import recipients_query
from portal.mailings.messages import RenderedMailing, render_mailing
from portal.mailings.models import Mailing, MailingRecipient
from portal.mailings.states import MailingAudience, MailingSource, MailingStatus
from portal.mailings.subscriptions import unsubscribe_token
from portal.members.tiers import INDUSTRIES, Tier
from portal.richtext import clean_html
from portal.urls import site_url


class MailingError(ValueError):
    """A mailing that cannot be made as asked (its message is for the person who asked)."""


def create_mailing(actor, *, audience: str, bulletin_id: int | None = None, event_id: int | None = None,
                   subject: str = "", body: str = "", tier: str = "", industry: str = "") -> Mailing:
    """Check the source (a published bulletin or event, or a notice's subject and body) and add a draft."""
    if bulletin_id is not None and event_id is not None:
        raise MailingError("give at most one of --bulletin or --event")
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
        source = MailingSource.BULLETIN
    elif event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None or not event.is_published:
            raise MailingError(f"no published event {event_id}")
        source = MailingSource.EVENT
    else:
        subject, body = " ".join((subject or "").split()), clean_html(body)
        if not subject or not body:
            raise MailingError("a notice needs a subject and a text (or give --bulletin or --event)")
        if len(subject) > 200:
            raise MailingError("the subject is longer than 200 characters")
        source = MailingSource.NOTICE
    mailing = Mailing(source=source, bulletin_id=bulletin_id, event_id=event_id, audience=audience, tier=tier,
                      industry=industry, created_by_id=getattr(actor, "id", None),
                      subject=subject if source == MailingSource.NOTICE else "",
                      body_html=body if source == MailingSource.NOTICE else "")
    db.session.add(mailing)
    db.session.flush()
    record(actor, "mailing.created", f"mailing:{mailing.id}")
    return mailing


def members_only(mailing: Mailing) -> bool:
    """Whether what it announces is for members alone (then no subscriber gets it)."""
    if mailing.source == MailingSource.EVENT:
        event = db.session.get(Event, mailing.event_id)
        return event is None or event.is_members_only
    if mailing.source == MailingSource.BULLETIN:
        bulletin = db.session.get(Bulletin, mailing.bulletin_id)
        return bulletin is None or bulletin.audience == BulletinAudience.MEMBERS
    return False


def start_mailing(actor, mailing: Mailing) -> int:
    """Fix the recipients (one set-based INSERT) and queue a message to each not yet queued; return how many."""
    if mailing.status == MailingStatus.CANCELLED:
        raise MailingError(f"mailing {mailing.id} is cancelled")
    # A restart adds nobody already fixed (the query skips them; the unique key would refuse them).
    columns = [MailingRecipient.mailing_id, MailingRecipient.address, MailingRecipient.locale]
    db.session.execute(insert(MailingRecipient).from_select(columns, recipients_query(mailing, members_only(mailing))))
    if mailing.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        mailing.status, mailing.started_at = MailingStatus.STARTED, utcnow()
        record(actor, "mailing.started", f"mailing:{mailing.id}")
    waiting = db.session.scalars(db.select(MailingRecipient).where(
        MailingRecipient.mailing_id == mailing.id, MailingRecipient.outbox_message_id.is_(None))
        .order_by(MailingRecipient.id)).all()
    rendered: dict[str, RenderedMailing] = {}
    for recipient in waiting:
        if recipient.locale not in rendered:
            rendered[recipient.locale] = render_mailing(mailing, recipient.locale)
        recipient.outbox_message_id = _queue(mailing, rendered[recipient.locale], recipient).id
    if mailing.status == MailingStatus.PAUSED:
        mail.hold(mailing.reference)
    db.session.flush()
    return len(waiting)


def _queue(mailing: Mailing, rendered: RenderedMailing, recipient: MailingRecipient):
    unsubscribe_link = site_url("mailings.unsubscribe", token=unsubscribe_token(recipient.address))
    headers = {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    text_body, html_body = rendered.bodies_for(unsubscribe_link)
    return mail.add_message(recipient.address, rendered.subject, text_body, html_body, headers=headers,
                            reference=mailing.reference)


def launch_mailing(actor, mailing: Mailing, send_at: datetime | None = None) -> None:
    """Send it now, or schedule it for `send_at` (the worker's sweep starts it then)."""
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise MailingError(f"mailing {mailing.id} has started already")
    if send_at is not None and send_at > utcnow():
        mailing.status, mailing.send_at = MailingStatus.SCHEDULED, send_at
        record(actor, "mailing.scheduled", mailing.reference, send_at=send_at.isoformat())
        return
    start_mailing(actor, mailing)


def pause_mailing(actor, mailing: Mailing) -> int:
    """Hold its unsent messages; return how many wait."""
    if mailing.status != MailingStatus.STARTED:
        raise MailingError(f"mailing {mailing.id} is not sending")
    mailing.status = MailingStatus.PAUSED
    record(actor, "mailing.paused", mailing.reference)
    return mail.hold(mailing.reference)


def resume_mailing(actor, mailing: Mailing) -> int:
    """Release its held messages; return how many go out again."""
    if mailing.status != MailingStatus.PAUSED:
        raise MailingError(f"mailing {mailing.id} is not paused")
    mailing.status = MailingStatus.STARTED
    record(actor, "mailing.resumed", mailing.reference)
    return mail.release(mailing.reference)


def cancel_mailing(actor, mailing: Mailing) -> int:
    """Stop it for good: drop its unsent messages (what was sent stays sent); return how many were dropped."""
    if mailing.status == MailingStatus.CANCELLED:
        raise MailingError(f"mailing {mailing.id} is cancelled already")
    mailing.status = MailingStatus.CANCELLED
    dropped = mail.discard(mailing.reference)
    record(actor, "mailing.cancelled", mailing.reference, dropped=dropped)
    return dropped
