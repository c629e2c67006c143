"""Background work of mailings: queue a launched mailing on the worker, start scheduled ones on time."""
from __future__ import annotations

from flask import current_app
from huey import crontab
from sqlalchemy import and_, exists, or_

from portal import unit_of_work
from portal.database import utcnow
from portal.extensions import db
from portal.mailings.models import Mailing, MailingRecipient
from portal.mailings.services import start_mailing
from portal.mailings.states import MailingStatus
from portal.queue import enqueue, periodic_task, task

_SENDING = (MailingStatus.STARTED, MailingStatus.PAUSED)


@task()
def queue_mailing(mailing_id: int) -> None:
    """Fix a launched or due mailing's recipients and queue a copy to each, in one transaction."""
    mailing = db.session.get(Mailing, mailing_id)
    if mailing is None or not _is_due(mailing):
        return  # cancelled, queued already, or moved to a later time since
    # Links in the messages are built by url_for, which needs a request; SITE_URL decides them.
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        start_mailing(None, mailing)


@periodic_task(crontab(minute="*"))
def start_due_mailings() -> None:
    """Every minute: start mailings whose time has come, and queue again any a killed worker left unqueued."""
    ids = due_mailings()
    unit_of_work.after_commit(lambda: [enqueue(queue_mailing, mailing_id) for mailing_id in ids])


def due_mailings() -> list[int]:
    """Scheduled ones whose `send_at` has come; launched ones not queued yet, or with recipients left unqueued."""
    unqueued = exists().where(MailingRecipient.mailing_id == Mailing.id, MailingRecipient.outbox_message_id.is_(None))
    return list(db.session.scalars(db.select(Mailing.id).where(or_(
        and_(Mailing.status == MailingStatus.SCHEDULED, Mailing.send_at <= utcnow()),
        and_(Mailing.status.in_(_SENDING), or_(Mailing.started_at.is_(None), unqueued))))
        .order_by(Mailing.id)))


def _is_due(mailing: Mailing) -> bool:
    if mailing.status == MailingStatus.SCHEDULED:
        return mailing.send_at is not None and mailing.send_at <= utcnow()
    return mailing.status in _SENDING
