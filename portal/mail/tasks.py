"""Background delivery of the outbox: promptly after a commit, and in a sweep every minute."""
from __future__ import annotations

from flask import current_app
from huey import crontab

from portal.mail.delivery import send_pending
from portal.queue import periodic_task, task


@task()
def deliver_messages(ids: list[int]) -> None:
    """Deliver the messages a transaction just committed."""
    send_pending(ids=ids, limit=len(ids))


@periodic_task(crontab(minute="*"))
def deliver_due_messages() -> None:
    """Deliver whatever is due: retries after back-off, and messages whose prompt task was lost."""
    send_pending(limit=500)


def catch_up() -> None:
    """Queue a sweep now and one when a killed sender's claims have lapsed (for a worker starting)."""
    deliver_due_messages()
    deliver_due_messages.schedule(delay=int(current_app.config["MAIL_CLAIM_SECONDS"]) + 1)
