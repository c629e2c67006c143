"""Background delivery of the outbox: promptly after a commit, and in a sweep every minute.

No run holds a worker thread for long: it sends what the rate allows, waits only for room that
comes within PATIENCE seconds, and stops after RUN_SECONDS; the next sweep goes on from there.
"""
from __future__ import annotations

from flask import current_app
from huey import crontab

from portal.mail.delivery import send_pending
from portal.queue import periodic_task, task

#: Longest run of one task, well under the minute between sweeps (so that two never overlap).
RUN_SECONDS = 50
#: A sweep waits for the rate's next room when it comes this soon (the window's oldest message
#: leaving), so that a sweep starting as the last one's burst is a minute old keeps the pace.
PATIENCE = 10


@task()
def deliver_messages(ids: list[int]) -> None:
    """Deliver the messages a transaction just committed, as far as the rate allows now."""
    send_pending(ids=ids, limit=len(ids), seconds=RUN_SECONDS)


@task()
def deliver_due_now() -> None:
    """Deliver what is due (a mailing's copies just queued or released), as far as the rate allows now."""
    send_pending(limit=None, seconds=RUN_SECONDS)


@periodic_task(crontab(minute="*"))
def deliver_due_messages() -> None:
    """Deliver whatever is due at the rate: retries after back-off, mailings, messages whose prompt task was lost."""
    send_pending(limit=None, patience=PATIENCE, seconds=RUN_SECONDS)


def catch_up() -> None:
    """Queue a sweep now and one when a killed sender's claims have lapsed (for a worker starting)."""
    deliver_due_messages()
    deliver_due_messages.schedule(delay=int(current_app.config["MAIL_CLAIM_SECONDS"]) + 1)
