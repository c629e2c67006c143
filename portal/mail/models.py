"""Messages waiting in, or delivered from, the outbox, and the bodies many of them share."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import JSON, Boolean, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, utcnow
from portal.extensions import db
from portal.mail.states import OutboxStatus


class OutboxBody(db.Model):
    """Text and HTML that many messages share (a mailing's copies in one language), stored once.

    Each copy fills in its own values (`OutboxMessage.fills`: the recipient's unsubscribe link)
    when its MIME message is built, so 10,000 copies keep one body and one set of attachments.
    """
    __tablename__ = "outbox_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Files every copy carries as an attachment (an event's .ics).
    attachments: Mapped[list[OutboxAttachment]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OutboxAttachment.id", lazy="selectin")

    def filled(self, fills: dict[str, str] | None) -> tuple[str, str]:
        """The text and HTML of one copy: each placeholder replaced by that copy's value."""
        text, html = self.text_body, self.html_body
        for placeholder, value in (fills or {}).items():
            text, html = text.replace(placeholder, value), html.replace(placeholder, value)
        return text, html


class OutboxAttachment(db.Model):
    """A file sent with every message of a shared body (Content-Disposition: attachment)."""
    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("outbox_bodies.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    #: The message's own text and HTML; empty when it is a copy of a shared body (`body_id`).
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    #: The shared body this message is a copy of (a mailing's); None when it holds its own.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_bodies.id"))
    #: What replaces each placeholder of the shared body in this copy (its unsubscribe link).
    fills: Mapped[dict | None] = mapped_column(JSON)
    #: Further headers of this message (a mailing's List-Unsubscribe); None for most.
    headers: Mapped[dict | None] = mapped_column(JSON)
    #: Tags the messages of one batch (a mailing's "mailing:<id>") to count, hold or drop them together.
    reference: Mapped[str | None] = mapped_column(String(40), index=True)
    #: A held message is not sent until released (a paused mailing).
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set once the SMTP server accepted the message.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: Earliest time of the next attempt (backs off after each failure).
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: A sender holds a message until this time so two senders never deliver it twice; the rate
    #: limit counts the messages held now as sent (indexed: that count runs before every claim).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: Images the HTML part shows by `cid:` (a ticket's QR code): sent with it, not linked.
    inline_parts: Mapped[list[OutboxInlinePart]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OutboxInlinePart.id", lazy="selectin")
    body: Mapped[OutboxBody | None] = relationship()

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def status(self) -> OutboxStatus:
        """Say whether it was sent, waits for a (further) attempt, or was given up on."""
        if self.sent_at is not None:
            return OutboxStatus.SENT
        if self.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            return OutboxStatus.FAILED
        return OutboxStatus.WAITING


class OutboxInlinePart(db.Model):
    """An image sent inside a message (multipart/related), named by its Content-ID."""
    __tablename__ = "outbox_inline_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    #: Without the angle brackets; the HTML part refers to it as `cid:<content_id>`.
    content_id: Mapped[str] = mapped_column(String(255))
    mimetype: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
