"""Deliver the outbox over SMTP: claim one message, send it, record the outcome.

Each message is claimed by a conditional UPDATE before it is sent, so two senders (the worker,
`mail send-pending` from cron, a second worker) never hold it together; on PostgreSQL the claim
skips rows another sender is claiming (SKIP LOCKED) instead of queueing behind them. A sender
killed mid-batch leaves at most its current claim, which lapses after MAIL_CLAIM_SECONDS and is
sent then. The one duplicate this cannot rule out is SMTP's own: a sender that dies after the
server accepted a message but before the outcome was committed sends it again (with the same
Message-ID, which lets receiving systems drop the copy).
"""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, update

from portal import unit_of_work
from portal.database import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage

log = logging.getLogger(__name__)

#: Called with the address, in the unit that records the outcome, when the server refused it for good.
_permanent_failure_hooks: list = []


def register_permanent_failure(hook) -> None:
    """Call `hook(address)` whenever an SMTP server refuses an address permanently (5xx)."""
    if hook not in _permanent_failure_hooks:
        _permanent_failure_hooks.append(hook)


def send_pending(ids: list[int] | None = None, limit: int = 100) -> tuple[int, int]:
    """Deliver up to `limit` due messages (or only `ids`); return (sent, failed)."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0, 0
    sent = failed = 0
    for _ in range(limit):
        message_id = unit_of_work.run(_claim_next, ids)
        if message_id is None:
            break
        error, permanent = _send(message_id)
        unit_of_work.run(_record, message_id, error, permanent)
        if error is None:
            sent += 1
        else:
            failed += 1
    return sent, failed


def _due(now):
    config = current_app.config
    return (OutboxMessage.sent_at.is_(None),
            OutboxMessage.held.is_(False),
            OutboxMessage.attempts < config["MAIL_MAX_ATTEMPTS"],
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def _claim_next(ids: list[int] | None) -> int | None:
    """Claim the oldest due message for this sender; None when nothing is due."""
    now = utcnow()
    candidate = db.select(OutboxMessage.id).where(*_due(now))
    if ids is not None:
        candidate = candidate.where(OutboxMessage.id.in_(ids))
    # FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer at a time and ignores it.
    candidate = candidate.order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True)
    claim_until = now + timedelta(seconds=int(current_app.config["MAIL_CLAIM_SECONDS"]))
    return db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == candidate.scalar_subquery(), *_due(now))
        .values(claimed_until=claim_until)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)).scalar()


def _send(message_id: int) -> tuple[str | None, bool]:
    """Hand the message to the SMTP server; return why it failed (None once accepted), and whether for good."""
    message = db.session.get(OutboxMessage, message_id)
    email, recipient = as_email(message), message.recipient
    db.session.rollback()  # no transaction stays open while the SMTP server answers
    try:
        _smtp_send(email)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail %s to %s not sent: %s", message_id, recipient, error)
        return f"{type(error).__name__}: {error}"[:500], _is_permanent(error)
    return None, False


def _is_permanent(error) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _record(message_id: int, error: str | None, permanent: bool = False) -> None:
    message = db.session.get(OutboxMessage, message_id)
    if permanent:  # a 5xx will not change on a retry
        message.attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"]) - 1
        for hook in _permanent_failure_hooks:
            hook(message.recipient)
    message.attempts += 1
    message.claimed_until = None
    message.last_error = error
    if error is None:
        message.sent_at = utcnow()
    else:
        # 1, 2, 4 … minutes, at most a day
        message.next_attempt_at = utcnow() + timedelta(minutes=min(2 ** (message.attempts - 1), 1440))


def site_domain() -> str:
    """The host of SITE_URL: Message-IDs name the site, not whichever machine sent them."""
    return urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"


def as_email(message: OutboxMessage) -> EmailMessage:
    """Build the MIME message: text and HTML (with its inline images), Date, a Message-ID stable across retries."""
    config = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = formataddr((config["SITE_NAME"], config["MAIL_SENDER"]))
    email["To"] = message.recipient
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{site_domain()}>"
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    if message.inline_parts:
        html = email.get_body(("html",))
        for part in message.inline_parts:  # makes the HTML part multipart/related
            maintype, _, subtype = part.mimetype.partition("/")
            html.add_related(part.data, maintype=maintype, subtype=subtype, cid=f"<{part.content_id}>",
                             disposition="inline")
    return email


def _smtp_send(email: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
