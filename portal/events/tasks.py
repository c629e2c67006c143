"""Background work of events: lapsed seat holds released, reminders sent, on the worker's clock."""
from __future__ import annotations

from flask import current_app
from huey import crontab

from portal.events.registration import release_expired_holds
from portal.events.reminders import send_reminders
from portal.queue import periodic_task


def release_and_remind() -> tuple[int, int]:
    """Release lapsed holds (the next in line moves up), then remind people of events soon."""
    # Emails carry links built by url_for, which needs a request; SITE_URL decides them anyway.
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        return release_expired_holds(), send_reminders()


@periodic_task(crontab(minute="*"))
def release_lapsed_holds_and_remind() -> None:
    """Run every minute: a lapsed hold frees its seat within a minute, as `events remind` does."""
    release_and_remind()
