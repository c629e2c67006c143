"""The outbox's rate limit: at most MAIL_RATE messages a minute, counted across every sender.

SMTP servers in China throttle a bulk sender, so every sender (each worker thread, `mail
send-pending` from cron) asks the outbox itself how many messages went out in the last 60 s
(`sent_at`) and how many other senders hold right now (`claimed_until`), before it claims more.
The count and the claim share a transaction but not a lock: two senders counting at the same
instant may each take the last place, so the limit can be passed by one message per sender at
most, never by a batch.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func

from portal.database import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage

WINDOW = timedelta(seconds=60)
#: How soon to look again when other senders' claims fill the window and nothing sent leaves it.
RECHECK = timedelta(seconds=1)


class Clock:
    """The time deliveries are stamped and paced by; tests give one that moves only when told."""

    def now(self) -> datetime:
        return utcnow()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


#: The clock send_pending uses unless it is given one.
clock = Clock()


@dataclass(frozen=True)
class Room:
    """How many messages may be claimed now, and if none, how long until one may."""

    places: int | None
    wait: timedelta = timedelta(0)


def rate() -> int:
    """Messages a minute (PORTAL_MAIL_RATE); 0 for no limit."""
    return max(0, int(current_app.config["MAIL_RATE"]))


def room(now: datetime) -> Room:
    """Count the window: None places when there is no limit."""
    limit = rate()
    if not limit:
        return Room(None)
    since = now - WINDOW
    sent = db.session.scalar(db.select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.sent_at > since))
    held = db.session.scalar(db.select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.claimed_until > now))
    places = limit - sent - held
    if places > 0:
        return Room(places)
    # The first place frees when the oldest message of the window leaves it.
    oldest = db.session.scalar(db.select(func.min(OutboxMessage.sent_at)).where(OutboxMessage.sent_at > since))
    return Room(0, max(oldest + WINDOW - now, timedelta(milliseconds=10)) if oldest else RECHECK)
