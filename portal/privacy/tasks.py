"""Retention purges (PIPL) on the worker's schedule, as `privacy purge` does from cron."""
from __future__ import annotations

from flask import current_app
from huey import crontab

from portal.privacy.services import purge
from portal.queue import periodic_task


@periodic_task(crontab(minute="17", hour="3"))
def purge_past_retention() -> None:
    """Delete personal data past its retention, nightly at 03:17."""
    purge(current_app.config)
