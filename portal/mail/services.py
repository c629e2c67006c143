"""Queue messages in the caller's transaction; deliver them after it commits."""
from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, g, has_app_context, render_template
from flask_babel import force_locale
from sqlalchemy import event, or_, update

from portal.database import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage

log = logging.getLogger(__name__)

CLAIM_SECONDS = 300


def queue_message(recipient: str, template: str, subject, locale: str, **context) -> OutboxMessage:
    """Render `email/<template>.txt|.html` in the recipient's language and add it to the outbox."""
    with force_locale(locale or "zh"):
        message = OutboxMessage(
            recipient=recipient,
            subject=str(subject),
            text_body=render_template(f"email/{template}.txt", **context),
            html_body=render_template(f"email/{template}.html", **context),
        )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault("outbox_new", []).append(message.id)
    if current_app.config["MAIL_ECHO"]:
        log.warning("Mail to %s: %s\n%s", recipient, message.subject, message.text_body)
    return message


@event.listens_for(db.session, "after_commit")
def _remember_committed(session):
    """Hand the ids of messages that just became durable to the request, for delivery."""
    new_ids = session.info.pop("outbox_new", [])
    if new_ids and has_app_context():
        g.setdefault("outbox_committed", []).extend(new_ids)


@event.listens_for(db.session, "after_rollback")
def _forget_rolled_back(session):
    session.info.pop("outbox_new", None)


def deliver_committed() -> None:
    """Try to send what this request or command committed; failures wait for the next run."""
    ids = g.pop("outbox_committed", None) if has_app_context() else None
    if ids:
        send_pending(ids=ids)


def send_pending(ids: list[int] | None = None, limit: int = 100) -> tuple[int, int]:
    """Deliver due messages (or just `ids`); return (sent, failed). Commits per message."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return 0, 0
    now = utcnow()
    query = db.select(OutboxMessage.id).where(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.attempts < config["MAIL_MAX_ATTEMPTS"],
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    candidates = db.session.scalars(query.order_by(OutboxMessage.id).limit(limit)).all()
    db.session.commit()
    sent = failed = 0
    for message_id in candidates:
        if not _claim(message_id):
            continue
        message = db.session.get(OutboxMessage, message_id)
        try:
            _smtp_send(message)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:500]
            # 1, 2, 4 … minutes, at most a day
            message.next_attempt_at = utcnow() + timedelta(minutes=min(2 ** (message.attempts - 1), 1440))
            log.warning("Mail %s to %s not sent: %s", message.id, message.recipient, error)
        else:
            sent += 1
            message.sent_at = utcnow()
            message.attempts += 1
            message.last_error = None
        message.claimed_until = None
        db.session.commit()
    return sent, failed


def _claim(message_id: int) -> bool:
    """Mark a message as being sent by us; False if another sender holds it."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    db.session.commit()
    return result.rowcount == 1


def _smtp_send(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = formataddr((config["SITE_NAME"], config["MAIL_SENDER"]))
    email["To"] = message.recipient
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def waiting_messages(page: int, per_page: int = 50):
    """Page through unsent messages, oldest first, for staff to see what waits."""
    query = (
        db.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
