"""A clock for the outbox that moves only when a sender waits, or when a test says so."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.database import utcnow
from portal.mail import pacing


class StillClock(pacing.Clock):
    """Stands still while mail is sent; a sender's wait moves it on at once and is noted."""

    def __init__(self, start: datetime):
        self.current = start
        self.waits: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.current += timedelta(seconds=seconds)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> StillClock:
    """Every sender stamps and paces its mail by this clock; no test sleeps for the rate."""
    # A minute ahead of the real clock, so that whatever the test queues (stamped by it) is due.
    still = StillClock(utcnow() + timedelta(minutes=1))
    monkeypatch.setattr(pacing, "clock", still)
    return still
