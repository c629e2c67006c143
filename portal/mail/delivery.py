"""Deliver the outbox over SMTP: claim a few messages, send them over one connection, record each outcome.

Messages are claimed by a conditional UPDATE before they are sent, so two senders (the worker,
`mail send-pending` from cron, a second worker) never hold one together; on PostgreSQL the claim
skips rows another sender is claiming (SKIP LOCKED) instead of queueing behind them. Each outcome
is committed as soon as the server answers, so a sender killed mid-batch leaves only its unsent
claims, which lapse after MAIL_CLAIM_SECONDS and are sent then; a sender sends nothing whose
claim lapses within the margin of now (MAIL_TIMEOUT + 1 s, or half of a shorter claim). The
duplicates this cannot rule out are SMTP's own: a sender that dies after the server accepted a
message but before the outcome was committed, or that stalls past the margin while the server
answers, sends it again (with the same Message-ID, which lets receiving systems drop the copy).

Every claim keeps to the rate limit (portal.mail.pacing), and messages without a batch reference
(a password reset, a ticket) are claimed before the copies of a mailing, so that a mailing of
thousands never holds up someone waiting for their link.
"""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm import joinedload

from portal import unit_of_work
from portal.extensions import db
from portal.mail import pacing
from portal.mail.models import OutboxBody, OutboxMessage
from portal.mail.smtp import Connection

log = logging.getLogger(__name__)

#: Messages a sender claims at once and sends over one SMTP connection.
BATCH = 20

#: Called with the address, in the unit that records the outcome, when the server refused it for good.
_permanent_failure_hooks: list = []


def register_permanent_failure(hook) -> None:
    """Call `hook(address)` whenever an SMTP server refuses an address permanently (5xx)."""
    if hook not in _permanent_failure_hooks:
        _permanent_failure_hooks.append(hook)


@dataclass(frozen=True)
class Claim:
    """The messages a sender holds until `until`; none, with a wait, when the rate allows none now."""

    ids: list[int]
    until: datetime | None = None
    wait: timedelta | None = None


def send_pending(ids: list[int] | None = None, limit: int | None = 100, *, patience: float = 0.0,
                 seconds: float | None = None, clock: pacing.Clock | None = None,
                 on_wait: Callable[[float], None] | None = None) -> tuple[int, int]:
    """Deliver due messages (only `ids` if given; at most `limit`) within the rate; return (sent, failed).

    When the rate allows no more for now, wait for room if it comes within `patience` seconds
    (and within `seconds` of the start, when given), else stop: the next run sends the rest.
    """
    if not current_app.config.get("MAIL_SERVER"):
        return 0, 0
    clock = clock or pacing.clock
    deadline = clock.now() + timedelta(seconds=seconds) if seconds is not None else None
    sent = failed = 0
    bodies: dict[int, OutboxBody] = {}
    with Connection() as connection:
        while limit is None or sent + failed < limit:
            wanted = BATCH if limit is None else min(BATCH, limit - sent - failed)
            claim = unit_of_work.run(_claim, ids, wanted, clock.now())
            if claim.wait is not None:
                wait = claim.wait.total_seconds()
                if wait > patience or (deadline is not None and clock.now() + claim.wait > deadline):
                    break
                if on_wait:
                    on_wait(wait)
                clock.sleep(wait)
                continue
            if not claim.ids:
                break
            for done, (message_id, recipient, email) in enumerate(_prepare(claim.ids, bodies)):
                if clock.now() + _margin() >= claim.until:  # send nothing another sender may take by now
                    unit_of_work.run(_release, claim.ids[done:], claim.until)
                    break
                error, permanent = _send(connection, message_id, recipient, email)
                unit_of_work.run(_record, message_id, error, permanent, clock.now())
                if error is None:
                    sent += 1
                else:
                    failed += 1
            if deadline is not None and clock.now() >= deadline:
                break
    return sent, failed


def _due(now):
    config = current_app.config
    return (OutboxMessage.sent_at.is_(None),
            OutboxMessage.held.is_(False),
            OutboxMessage.attempts < config["MAIL_MAX_ATTEMPTS"],
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def _claim(ids: list[int] | None, wanted: int, now: datetime) -> Claim:
    """Claim up to `wanted` due messages for this sender, the rate allowing: single messages first."""
    room = pacing.room(now)
    if room.places is not None:
        if room.places <= 0:
            anything = db.select(OutboxMessage.id).where(*_due(now), *_only(ids)).limit(1)
            return Claim([], wait=room.wait) if db.session.scalar(anything) is not None else Claim([])
        wanted = min(wanted, room.places)
    until = now + timedelta(seconds=int(current_app.config["MAIL_CLAIM_SECONDS"]))
    claimed: list[int] = []
    for batch in (OutboxMessage.reference.is_(None), OutboxMessage.reference.is_not(None)):
        if len(claimed) >= wanted:
            break
        # Lock the candidates first, then mark exactly those: PostgreSQL may evaluate a locking
        # subquery inside an UPDATE more than once, and so claim more rows than its LIMIT.
        candidates = db.session.scalars(
            db.select(OutboxMessage.id).where(*_due(now), *_only(ids), batch)
            .order_by(OutboxMessage.id).limit(wanted - len(claimed))
            # FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer at a time and ignores it.
            .with_for_update(skip_locked=True)).all()
        if not candidates:
            continue
        taken = set(db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates), *_due(now))
            .values(claimed_until=until)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)))
        claimed += [message_id for message_id in candidates if message_id in taken]
    return Claim(claimed, until=until)


def _only(ids: list[int] | None) -> tuple:
    return () if ids is None else (OutboxMessage.id.in_(ids),)


def _margin() -> timedelta:
    # Room for one more SMTP exchange before the claim lapses (a short claim, as in tests, keeps half).
    config = current_app.config
    return timedelta(seconds=min(float(config["MAIL_TIMEOUT"]) + 1, int(config["MAIL_CLAIM_SECONDS"]) / 2))


def _release(ids: list[int], until: datetime) -> None:
    """Give back claims this sender will not use (they are due again at once)."""
    db.session.execute(update(OutboxMessage)
                       .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_until == until,
                              OutboxMessage.sent_at.is_(None))
                       .values(claimed_until=None).execution_options(synchronize_session=False))


def _prepare(ids: list[int], bodies: dict[int, OutboxBody]) -> list[tuple[int, str, EmailMessage]]:
    """Read the claimed messages in one query and build each MIME message; hold no transaction after."""
    messages = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.id.in_(ids))
                                  .options(joinedload(OutboxMessage.inline_parts))).unique().all()
    by_id = {message.id: message for message in messages}
    prepared = []
    for message_id in ids:
        message = by_id[message_id]
        body = None
        if message.body_id is not None:
            # A mailing's copies share a body: read it (and its attachments) once per run.
            body = bodies.get(message.body_id)
            if body is None:
                body = bodies[message.body_id] = message.body
                db.session.expunge(body)
        prepared.append((message_id, message.recipient, as_email(message, body)))
    db.session.rollback()  # no transaction stays open while the SMTP server answers
    return prepared


def _send(connection: Connection, message_id: int, recipient: str, email: EmailMessage) -> tuple[str | None, bool]:
    """Hand the message to the SMTP server; return why it failed (None once accepted), and whether for good."""
    try:
        connection.send(email)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail %s to %s not sent: %s", message_id, recipient, error)
        return f"{type(error).__name__}: {error}"[:500], _is_permanent(error)
    return None, False


def _is_permanent(error) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _record(message_id: int, error: str | None, permanent: bool = False, now: datetime | None = None) -> None:
    now = now or pacing.clock.now()
    if error is None:  # the common case, in one statement
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                           .values(sent_at=now, attempts=OutboxMessage.attempts + 1, claimed_until=None,
                                   last_error=None).execution_options(synchronize_session=False))
        return
    message = db.session.get(OutboxMessage, message_id)
    if permanent:  # a 5xx will not change on a retry
        message.attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"]) - 1
        for hook in _permanent_failure_hooks:
            hook(message.recipient)
    message.attempts += 1
    message.claimed_until = None
    message.last_error = error
    # 1, 2, 4 … minutes, at most a day
    message.next_attempt_at = now + timedelta(minutes=min(2 ** (message.attempts - 1), 1440))


def site_domain() -> str:
    """The host of SITE_URL: Message-IDs name the site, not whichever machine sent them."""
    return urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"


def as_email(message: OutboxMessage, body: OutboxBody | None = None) -> EmailMessage:
    """Build the MIME message: text and HTML (with inline images), attachments, Date, a Message-ID stable across retries.

    A copy of a shared body (`body`, else `message.body`) gets the body with its own values filled in.
    """
    config = current_app.config
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = formataddr((config["SITE_NAME"], config["MAIL_SENDER"]))
    email["To"] = message.recipient
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{site_domain()}>"
    for name, value in (message.headers or {}).items():
        email[name] = value
    if body is None and message.body_id is not None:
        body = message.body
    text_body, html_body = body.filled(message.fills) if body is not None else (message.text_body,
                                                                               message.html_body)
    email.set_content(text_body)
    email.add_alternative(html_body, subtype="html")
    if message.inline_parts:
        html = email.get_body(("html",))
        for part in message.inline_parts:  # makes the HTML part multipart/related
            maintype, _, subtype = part.mimetype.partition("/")
            html.add_related(part.data, maintype=maintype, subtype=subtype, cid=f"<{part.content_id}>",
                             disposition="inline")
    for attachment in body.attachments if body is not None else ():  # makes the message multipart/mixed
        maintype, _, subtype = attachment.mimetype.partition("/")
        email.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return email
