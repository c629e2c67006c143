"""How far a mailing has gone: its messages by outcome, and what its recipients did since it started."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from portal.extensions import db
from portal.mail import services as mail
from portal.mail.states import OutboxStatus
from portal.mailings.audience import recipients_query
from portal.mailings.models import Mailing, MailingRecipient, Suppression
from portal.mailings.services import members_only
from portal.mailings.states import MailingAudience, MailingStatus, SuppressionReason


@dataclass(frozen=True)
class MailingProgress:
    #: Messages waiting in the outbox (held ones of a paused mailing included).
    queued: int
    sent: int
    #: Messages given up on (every attempt failed, or the server refused the address for good).
    failed: int
    #: Recipients whose server refused them for good since the mailing started (among `failed`).
    bounced: int
    #: Recipients who unsubscribed since the mailing started (most after receiving it).
    unsubscribed: int

    @property
    def total(self) -> int:
        """Every message the mailing queued (a cancelled mailing's unsent ones are gone)."""
        return self.queued + self.sent + self.failed

    @property
    def done(self) -> int:
        """Messages that reached an outcome: sent or given up on."""
        return self.sent + self.failed


def mailing_progress(mailing: Mailing) -> MailingProgress:
    """Count the mailing's outbox messages by status and its recipients' suppressions by reason."""
    counts = mail.progress(mailing.reference)
    suppressed = dict.fromkeys(SuppressionReason, 0)
    if mailing.started_at is not None:
        rows = db.session.execute(
            db.select(Suppression.reason, func.count())
            .join(MailingRecipient, MailingRecipient.address == Suppression.address)
            .where(MailingRecipient.mailing_id == mailing.id, Suppression.created_at >= mailing.started_at)
            .group_by(Suppression.reason)).all()
        suppressed.update({SuppressionReason(reason): number for reason, number in rows})
    return MailingProgress(queued=counts[OutboxStatus.WAITING], sent=counts[OutboxStatus.SENT],
                           failed=counts[OutboxStatus.FAILED], bounced=suppressed[SuppressionReason.BOUNCING],
                           unsubscribed=suppressed[SuppressionReason.UNSUBSCRIBED])


def is_running(mailing: Mailing, progress: MailingProgress) -> bool:
    """Whether messages still go out (its page then reloads itself to show them leave)."""
    return mailing.status == MailingStatus.STARTED and progress.queued > 0


def recipient_count(mailing: Mailing) -> int:
    """How many addresses it reaches: those fixed once it started, else those it would fix now."""
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        return db.session.scalar(db.select(func.count()).select_from(MailingRecipient)
                                 .where(MailingRecipient.mailing_id == mailing.id))
    only_members = members_only(mailing)
    if mailing.audience == MailingAudience.SUBSCRIBERS and only_members:
        return 0  # a members-only issue or event is never announced to subscribers
    return db.session.scalar(db.select(func.count()).select_from(
        recipients_query(mailing, only_members).subquery()))
