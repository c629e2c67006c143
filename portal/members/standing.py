"""How long a firm stays listed after its membership ends: the grace, counted in Beijing days."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from portal.i18n import local_today


def grace_days() -> int:
    """Return the days after its end that a membership keeps the firm listed (PORTAL_MEMBERSHIP_GRACE_DAYS)."""
    return int(current_app.config["MEMBERSHIP_GRACE_DAYS"])


def listing_cutoff(today: date | None = None) -> date:
    """Return the earliest end a listed firm may have: a membership that ended before it is past its grace."""
    return (today or local_today()) - timedelta(days=grace_days())
