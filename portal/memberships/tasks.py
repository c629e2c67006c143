"""`memberships run` on the worker's clock: daily, and once as the worker starts (catch-up)."""
from __future__ import annotations

from flask import current_app
from huey import crontab

from portal.memberships.reminders import RunSummary, run
from portal.queue import periodic_task, task


def run_memberships() -> RunSummary:
    """Send the reminders due and mark lapsed the firms past their grace (as `memberships run`)."""
    # The emails carry links built by url_for, which needs a request; SITE_URL decides them anyway.
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        return run()


# 00:30 UTC is 08:30 in Beijing: the day's reminders arrive with the office morning. A run that
# is missed (the worker was down) is caught up by the next, or by the one at the worker's start.
@periodic_task(crontab(minute="30", hour="0"))
def run_memberships_daily() -> None:
    run_memberships()


@task()
def run_memberships_now() -> None:
    """The same run, queued once as the worker starts."""
    run_memberships()


def catch_up() -> None:
    """Queue a run now, for a worker starting after a time down."""
    run_memberships_now()
