"""Queue messages in the caller's transaction; their delivery is queued once it commits."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import case, delete, event, func, insert, text, update

from portal import queue, unit_of_work
from portal.database import utcnow
from portal.extensions import db
from portal.mail.delivery import site_domain
from portal.mail.models import OutboxAttachment, OutboxBody, OutboxInlinePart, OutboxMessage
from portal.mail.states import OutboxStatus
from portal.mail.styling import inline_styles
from portal.mail.tasks import deliver_due_now, deliver_messages

log = logging.getLogger(__name__)


def queue_message(recipient: str, template: str, subject, locale: str, images: dict[str, bytes] | None = None,
                  headers: dict[str, str] | None = None, reference: str | None = None, **context) -> OutboxMessage:
    """Render `email/<template>.txt|.html` in the recipient's language and add it to the outbox.

    `images` (name: PNG bytes) travel inside the message; the HTML shows each as `images[name]`.
    """
    # Mail clients block data: URIs and remote images; an inline part named by cid: is shown.
    parts = [OutboxInlinePart(content_id=f"{name}.{secrets.token_hex(8)}@{site_domain()}",
                              mimetype="image/png", data=data) for name, data in (images or {}).items()]
    sources = {name: f"cid:{part.content_id}" for name, part in zip(images or {}, parts)}
    with force_locale(locale or "zh"):
        subject = str(subject)
        text_body = render_template(f"email/{template}.txt", subject=subject, **context)
        html_body = inline_styles(render_template(f"email/{template}.html", subject=subject, images=sources,
                                                  **context))
    return add_message(recipient, subject, text_body, html_body, headers=headers, reference=reference,
                       inline_parts=parts)


def add_message(recipient: str, subject: str, text_body: str, html_body: str, *,
                headers: dict[str, str] | None = None, reference: str | None = None,
                inline_parts: list[OutboxInlinePart] | None = None) -> OutboxMessage:
    """Add a message rendered already (a mailing renders once per language) to the outbox."""
    message = OutboxMessage(recipient=recipient, subject=subject, text_body=text_body, html_body=html_body,
                            inline_parts=inline_parts or [], headers=headers, reference=reference)
    db.session.add(message)
    db.session.flush()
    _deliver_after_commit(message.id)
    if current_app.config["MAIL_ECHO"]:
        log.warning("Mail to %s: %s\n%s", recipient, message.subject, message.text_body)
    return message


@dataclass(frozen=True)
class Copy:
    """One recipient's copy of a shared body: the values it fills in, and headers of its own."""

    recipient: str
    fills: dict[str, str]
    headers: dict[str, str] | None = None


def add_shared_body(text_body: str, html_body: str, attachments: Iterable = ()) -> int:
    """Store a body that many messages share (once per mailing and language); return its id.

    `attachments` are objects with `filename`, `mimetype` and `data`, sent with every copy.
    """
    body = OutboxBody(text_body=text_body, html_body=html_body, attachments=[
        OutboxAttachment(filename=item.filename, mimetype=item.mimetype, data=item.data) for item in attachments])
    db.session.add(body)
    db.session.flush()
    return body.id


def add_copies(body_id: int, subject: str, copies: Sequence[Copy], *, reference: str | None,
               held: bool = False) -> list[int]:
    """Add a message per copy of a shared body in one multi-row INSERT; return their ids in order.

    The batch is delivered once the transaction commits, at the rate MAIL_RATE allows.
    """
    if not copies:
        return []
    now = utcnow()
    rows = [{"recipient": copy.recipient, "subject": subject, "text_body": "", "html_body": "",
             "body_id": body_id, "fills": copy.fills, "headers": copy.headers, "reference": reference,
             "held": held, "created_at": now, "next_attempt_at": now, "attempts": 0} for copy in copies]
    ids = _insert_in_order(rows)
    if not held:
        _deliver_batch_after_commit()
    if current_app.config["MAIL_ECHO"]:
        log.warning("Mail %r to %s recipients (%s)", subject, len(ids), reference)
    return ids


def _insert_in_order(rows: list[dict]) -> list[int]:
    """Insert the rows with few statements; return their ids in the order of the rows."""
    if db.session.get_bind().dialect.name == "postgresql":
        # psycopg reads every multi-row INSERT … RETURNING through in Python (seconds for 10,000
        # rows): the ids come from the table's sequence in one query, the rows by executemany.
        ids = list(db.session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence('outbox_messages', 'id')) FROM generate_series(1, :n)"),
            {"n": len(rows)}))
        for row, message_id in zip(rows, ids):
            row["id"] = message_id
        db.session.execute(insert(OutboxMessage.__table__), rows)
        return ids
    # SQLite: insertmanyvalues, a few multi-row statements, ids back in the order of the rows.
    table = OutboxMessage.__table__  # Core, not the ORM's bulk insert: a row is a dict either way
    return list(db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def hold(reference: str) -> int:
    """Keep the unsent messages of a batch from being sent; return how many."""
    return _set_held(reference, True)


def release(reference: str) -> int:
    """Let the held messages of a batch be sent again; return how many."""
    released = _set_held(reference, False)
    if released:
        _deliver_batch_after_commit()
    return released


def _set_held(reference: str, held: bool) -> int:
    result = db.session.execute(update(OutboxMessage)
                                .where(OutboxMessage.reference == reference, OutboxMessage.sent_at.is_(None))
                                .values(held=held).execution_options(synchronize_session=False))
    return result.rowcount


def discard(reference: str) -> int:
    """Delete the unsent messages of a batch (a cancelled mailing); return how many."""
    result = db.session.execute(delete(OutboxMessage)
                                .where(OutboxMessage.reference == reference, OutboxMessage.sent_at.is_(None))
                                .execution_options(synchronize_session=False))
    return result.rowcount


def progress(reference: str) -> dict[OutboxStatus, int]:
    """Count a batch's messages by status: sent, waiting (held ones included), failed (given up)."""
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    status = case((OutboxMessage.sent_at.is_not(None), OutboxStatus.SENT.value),
                  (OutboxMessage.attempts >= max_attempts, OutboxStatus.FAILED.value),
                  else_=OutboxStatus.WAITING.value)
    rows = db.session.execute(db.select(status, func.count()).where(OutboxMessage.reference == reference)
                              .group_by(status)).all()
    counts = dict.fromkeys(OutboxStatus, 0)
    counts.update({OutboxStatus(value): number for value, number in rows})
    return counts


def failed_count() -> int:
    """Count the messages given up on: never sent, after MAIL_MAX_ATTEMPTS attempts."""
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    return db.session.scalar(db.select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.attempts >= max_attempts)) or 0


def _deliver_after_commit(message_id: int) -> None:
    # One delivery task per transaction, carrying every message it queued. The outbox row is the
    # durable record; the task only makes delivery prompt (the worker's sweep finds any it misses).
    pending = db.session.info.get("outbox_new")
    if pending is None:
        pending = db.session.info["outbox_new"] = []
        unit_of_work.after_commit(lambda: _enqueue_delivery(pending))
    pending.append(message_id)


def _enqueue_delivery(ids: list[int]) -> None:
    db.session.info.pop("outbox_new", None)
    if current_app.config.get("MAIL_SERVER"):
        queue.enqueue(deliver_messages, list(ids))


def _deliver_batch_after_commit() -> None:
    # A batch of thousands is not named message by message: one run delivers what is due.
    if not db.session.info.get("outbox_batch"):
        db.session.info["outbox_batch"] = True
        unit_of_work.after_commit(_enqueue_batch_delivery)


def _enqueue_batch_delivery() -> None:
    db.session.info.pop("outbox_batch", None)
    if current_app.config.get("MAIL_SERVER"):
        queue.enqueue(deliver_due_now)


@event.listens_for(db.session, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop("outbox_new", None)
    session.info.pop("outbox_batch", None)


def waiting_messages(page: int, per_page: int = 50):
    """Page through unsent messages, oldest first, for staff to see what waits."""
    query = (
        db.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def add_many(messages: list[dict]) -> int:
    """Add many messages rendered already (recipient, subject, text_body, html_body, reference) in one
    executemany; return how many. For sweeps writing thousands at once (membership reminders).

    A flush per message costs more than the rendering; the rows go in one statement instead, and
    one delivery run is queued once the transaction commits (the messages are not named: the
    run sends whatever is due).
    """
    if not messages:
        return 0
    now = utcnow()
    db.session.execute(insert(OutboxMessage.__table__), [
        {"recipient": m["recipient"], "subject": m["subject"], "text_body": m["text_body"],
         "html_body": m["html_body"], "reference": m.get("reference"), "headers": None, "held": False,
         "created_at": now, "next_attempt_at": now, "attempts": 0} for m in messages])
    _deliver_batch_after_commit()
    return len(messages)
