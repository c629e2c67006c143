"""Column types and connection settings shared by every model."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator


#: How far the clock is moved from the machine's (tests, and a staff "as of" rehearsal, move it).
_clock_offset = timedelta(0)


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC: the one clock every module reads."""
    return datetime.now(timezone.utc) + _clock_offset


def move_clock(by: timedelta) -> None:
    """Move the clock by `by` (forward or back); `reset_clock()` puts it back."""
    global _clock_offset
    _clock_offset += by


def reset_clock() -> None:
    global _clock_offset
    _clock_offset = timedelta(0)


def one_of(column: str, values: Iterable[str]) -> str:
    """Return the SQL of a CHECK that `column` holds one of `values` (strings, or a StrEnum class)."""
    # str() first: a StrEnum member's repr is <Status.X: 'x'>, its str is the stored value.
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC; SQLite would otherwise hand back naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """Make every SQLite connection durable and patient: WAL, full sync, foreign keys, busy timeout."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # WAL lets readers go on while one writer commits; FULL syncs the WAL at every commit, so
        # an answered request survives a crash or power cut. (Memory databases ignore both.)
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()
