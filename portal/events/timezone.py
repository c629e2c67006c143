"""Times as the association reads them (Asia/Shanghai) and as they are stored (UTC)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))


def local(value: datetime) -> datetime:
    """A stored (UTC) time in the association's timezone."""
    return value.astimezone(zone())


def from_local(value: datetime) -> datetime:
    """A wall-clock time typed in the association's timezone, made aware."""
    if value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    return value.replace(tzinfo=zone()).astimezone(timezone.utc)


def parse_iso(text: str) -> datetime:
    """Read an ISO 8601 time; without an offset it is taken as Asia/Shanghai wall-clock time."""
    return from_local(datetime.fromisoformat(text.strip()))


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the association's offset, as the API gives times."""
    return local(value).isoformat() if value is not None else None


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return from_local(datetime(year, 1, 1)), from_local(datetime(year + 1, 1, 1))
