"""The rate limits of a kept page, counted in front of Flask for every visitor it is given to.

Flask-Limiter counts a request in Flask's before_request, which a page answered in front of
Flask never reaches. So when Flask lets the front keep a page, it notes the limits that request
was counted against, without the visitor (`of_request`: the limit and its bucket), and the front
counts each later request against the same limits, in the same storage and under the same key
(the visitor's address), before it answers (`count`). When a limit is used up, the front leaves
the request to Flask, which counts it once more and answers 429 with the page that says when to
try again; a visitor is refused at the same request whether their searches were kept or not.
"""
from __future__ import annotations

import time
from typing import NamedTuple

from flask_limiter.constants import HeaderNames
from flask_limiter.util import get_remote_address
from limits import RateLimitItem

from portal.extensions import limiter

#: The headers Flask-Limiter adds to every answer under a limit: the visitor's own, never kept.
HEADERS = frozenset(name.value.lower() for name in HeaderNames)


class Noted(NamedTuple):
    """One limit a kept page is under: what Flask-Limiter counts it with, but the visitor."""
    item: RateLimitItem
    prefix: tuple[str, ...]
    scope: str
    shared: bool


def of_request() -> tuple[Noted, ...] | None:
    """The limits this request was counted against, for the front to count; None if it cannot.

    The front counts by the visitor's address; a limit keyed by anything else (an account, say)
    only Flask can count, and a page under one is not kept in front.
    """
    address = get_remote_address()
    noted = []
    for limit in limiter.current_limits:
        *prefix, key, scope = limit.request_args
        if key != address:
            return None
        noted.append(Noted(limit.limit, tuple(prefix), scope, limit.shared))
    return tuple(noted)


def count(noted: tuple[Noted, ...], environ, with_headers: bool) -> list[tuple[str, str]] | None:
    """Count this request against the noted limits; return its rate limit headers, or None if one is used up.

    The address is the one Flask-Limiter reads (`request.remote_addr`, after ProxyFix, which
    wraps the front for that reason).
    """
    address = environ.get("REMOTE_ADDR") or "127.0.0.1"
    strategy = limiter.limiter
    for limit in noted:
        if not strategy.hit(limit.item, *limit.prefix, address, limit.scope):
            return None
    if not noted or not with_headers:
        return []
    # As Flask-Limiter chooses: the narrowest limit not shared with other pages.
    shown = next((limit for limit in noted if not limit.shared), noted[0])
    reset, remaining = strategy.get_window_stats(shown.item, *shown.prefix, address, shown.scope)
    reset_at = int(reset + 1)
    return [(HeaderNames.LIMIT.value, str(shown.item.amount)), (HeaderNames.REMAINING.value, str(remaining)),
            (HeaderNames.RESET.value, str(reset_at)),
            (HeaderNames.RETRY_AFTER.value, str(int(reset_at - time.time())))]

