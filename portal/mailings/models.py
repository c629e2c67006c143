"""Subscribers, suppressed addresses, mailings and the recipients each mailing was fixed with."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.mailings.states import MailingAudience, MailingKind, MailingSource, MailingStatus, SuppressionReason


class Subscriber(db.Model):
    """A visitor who asked for the association's mailings; counts once the emailed link is followed."""
    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Trimmed and lower-case: one row per address, whatever the capitals.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: The language they subscribed in; their mailings come in it.
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: None until the confirmation link's button is pressed (double opt-in).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class Suppression(db.Model):
    """An address no mailing goes to: it unsubscribed, or its server refuses it."""
    __tablename__ = "mailing_suppressions"
    __table_args__ = (CheckConstraint(one_of("reason", SuppressionReason), name="reason_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-case, as users and subscribers store it.
    address: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Mailing(db.Model):
    __tablename__ = "mailings"
    __table_args__ = (
        CheckConstraint(one_of("source", MailingSource), name="source_known"),
        CheckConstraint(one_of("audience", MailingAudience), name="audience_known"),
        CheckConstraint(one_of("status", MailingStatus), name="status_known"),
        # At most one: a notice has neither, and a deleted bulletin or event leaves neither.
        CheckConstraint("bulletin_id IS NULL OR event_id IS NULL", name="one_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))
    bulletin_id: Mapped[int | None] = mapped_column(ForeignKey("bulletins.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    audience: Mapped[str] = mapped_column(String(12))
    #: Narrow the member audience to one tier and/or one industry (codes); empty: no narrowing.
    tier: Mapped[str] = mapped_column(String(20), default="")
    industry: Mapped[str] = mapped_column(String(30), default="")
    #: A notice's subject and sanitised HTML body; empty for bulletins and events.
    subject: Mapped[str] = mapped_column(String(200), default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=MailingStatus.DRAFT)
    #: When a scheduled mailing starts (the worker's sweep starts it at or after this time).
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def reference(self) -> str:
        """What its outbox messages are tagged with, to count, hold or drop them together."""
        return f"mailing:{self.id}"


class MailingRecipient(db.Model):
    """One address a mailing goes to, fixed when it starts: unique, so nobody gets it twice."""
    __tablename__ = "mailing_recipients"
    __table_args__ = (UniqueConstraint("mailing_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailings.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    #: The outbox message that carries it; None until queued (a restart queues only these).
    outbox_message_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("outbox_messages.id", ondelete="SET NULL"), index=True)


class MailingOptOut(db.Model):
    """An address that wants no mailings of one kind (bulletins, event notices or notices)."""
    __tablename__ = "mailing_opt_outs"
    __table_args__ = (UniqueConstraint("address", "kind"),
                      CheckConstraint(one_of("kind", MailingKind), name="kind_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-case and trimmed, as recipients are compared.
    address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
