"""How long a kept page stays current: by the site's clock, from when it was rendered.

Not a minute in the key: then every kept page expired at once on the minute, and every worker
rendered them all again together (the slowest seconds of a busy page). Each page's own age
spreads that out; and it is the site's clock (portal.database.utcnow), not the store's, so a
page whose content only time changes (a firm past its grace, an event becoming past) is at most
`PAGE_CACHE_SECONDS` old by the clock the rest of the portal reads.
"""
from __future__ import annotations

from portal.database import utcnow


def now() -> float:
    """Return the moment to keep with a page just rendered."""
    return utcnow().timestamp()


def is_current(kept_at: float, seconds: int) -> bool:
    """Tell whether a page kept at `kept_at` may still be given (a clock put back retires it too)."""
    return 0 <= now() - kept_at < seconds
