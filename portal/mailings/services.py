"""Make a mailing from a bulletin or an event, fix its recipients, queue one message to each (in bulk)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, insert, update

from portal import queue, unit_of_work
from portal.audit.services import record
from portal.bulletins.models import Bulletin
from portal.bulletins.states import BulletinAudience
from portal.database import utcnow
from portal.events.models import Event
from portal.extensions import db
from portal.mail import services as mail
from portal.mailings.audience import recipients_query
from portal.mailings.messages import UNSUBSCRIBE_MARK, RenderedMailing, render_mailing
from portal.mailings.models import Mailing, MailingRecipient
from portal.mailings.states import MailingAudience, MailingSource, MailingStatus
from portal.mailings.subscriptions import unsubscribe_token
from portal.members import industries, tiers
from portal.richtext import clean_html
from portal.urls import site_url


#: Stands for the token while the unsubscribe link is built once per queueing.
_TOKEN = "token-goes-here"


class MailingError(ValueError):
    """A mailing that cannot be made as asked (its message is for the person who asked)."""


def create_mailing(actor, *, audience: str, bulletin_id: int | None = None, event_id: int | None = None,
                   subject: str = "", body: str = "", tier: str = "", industry: str = "") -> Mailing:
    """Check the source (a published bulletin or event, or a notice's subject and body) and add a draft."""
    if bulletin_id is not None and event_id is not None:
        raise MailingError("give at most one of --bulletin or --event")
    if MailingAudience.parse(audience) is None:
        raise MailingError(f"unknown audience {audience!r} (members, subscribers, everyone)")
    if tier and not tiers.is_known(tier):
        raise MailingError(f"unknown tier {tier!r} ({', '.join(tiers.codes())})")
    # A retired industry may still be named here (the command line): its firms keep it.
    if industry and not industries.is_known(industry):
        raise MailingError(f"unknown industry {industry!r} ({', '.join(e.code for e in industries.active())})")
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
    """Fix the recipients (once, one set-based INSERT) and queue a copy to each not yet queued; return how many.

    One transaction: a worker killed midway leaves the mailing as it was, for the sweep to start again.
    """
    # One queueing at a time (the prompt task and the sweep may meet): PostgreSQL makes the second wait.
    db.session.refresh(mailing, with_for_update=True)
    if mailing.status == MailingStatus.CANCELLED:
        raise MailingError(f"mailing {mailing.id} is cancelled")
    if mailing.started_at is None:
        # Fixed once: nobody who subscribes later is added; the unique key refuses a second copy.
        columns = [MailingRecipient.mailing_id, MailingRecipient.address, MailingRecipient.locale]
        db.session.execute(insert(MailingRecipient).from_select(
            columns, recipients_query(mailing, members_only(mailing))))
        mailing.started_at = utcnow()
    if mailing.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        mailing.status = MailingStatus.STARTED
        record(actor, "mailing.started", mailing.reference)
    waiting = db.session.execute(
        db.select(MailingRecipient.id, MailingRecipient.address, MailingRecipient.locale)
        .where(MailingRecipient.mailing_id == mailing.id, MailingRecipient.outbox_message_id.is_(None))
        .order_by(MailingRecipient.id)).all()
    by_locale: dict[str, list] = {}
    for row in waiting:
        by_locale.setdefault(row.locale, []).append(row)
    for locale, rows in by_locale.items():
        _queue(mailing, render_mailing(mailing, locale), rows)
    db.session.flush()
    return len(waiting)


def copy_maker():
    """Return a function making one address's copy: its unsubscribe link filled in, and the list headers."""
    # One url_for, the token spliced in (tokens are URL-safe as they are): 10,000 would take a second.
    before, _, after = site_url("mailings.unsubscribe", token=_TOKEN).partition(_TOKEN)

    def copy_for(address: str) -> mail.Copy:
        link = before + unsubscribe_token(address) + after
        # RFC 2369 and RFC 8058: the mail client's own unsubscribe button posts to the link.
        return mail.Copy(address, fills={UNSUBSCRIBE_MARK: link}, headers={
            "List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})

    return copy_for


def _queue(mailing: Mailing, rendered: RenderedMailing, recipients: list) -> None:
    """Store the rendering once, add a copy per recipient in bulk, and link each recipient to its copy."""
    body_id = mail.add_shared_body(rendered.text_body, rendered.html_body, rendered.attachments)
    copy_for = copy_maker()
    copies = [copy_for(recipient.address) for recipient in recipients]
    ids = mail.add_copies(body_id, rendered.subject, copies, reference=mailing.reference,
                          held=mailing.status == MailingStatus.PAUSED)
    # One executemany UPDATE by primary key, not an ORM flush per recipient.
    table = MailingRecipient.__table__
    db.session.execute(update(table).where(table.c.id == bindparam("recipient"))
                       .values(outbox_message_id=bindparam("message")),
                       [{"recipient": recipient.id, "message": message_id}
                        for recipient, message_id in zip(recipients, ids)])


def launch_mailing(actor, mailing: Mailing, send_at: datetime | None = None) -> None:
    """Send it now (the worker fixes its recipients and queues it), or schedule it for `send_at`."""
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise MailingError(f"mailing {mailing.id} has started already")
    if send_at is not None and send_at > utcnow():
        mailing.status, mailing.send_at = MailingStatus.SCHEDULED, send_at
        record(actor, "mailing.scheduled", mailing.reference, send_at=send_at.isoformat())
        return
    # Sending, with its recipients not fixed yet (started_at None): queueing thousands is no work
    # for a web request. Should the task be lost, the worker's sweep finds the mailing so.
    mailing.status = MailingStatus.STARTED
    record(actor, "mailing.started", mailing.reference)
    db.session.flush()
    from portal.mailings.tasks import queue_mailing  # the tasks module imports this one

    mailing_id = mailing.id
    unit_of_work.after_commit(lambda: queue.enqueue(queue_mailing, mailing_id))


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
