"""What goes into and out of URLs: absolute links, numbers read from paths and queries, firms' websites."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.routing import IntegerConverter, ValidationError

#: Ids are INTEGER columns (32-bit on PostgreSQL): a larger id names nothing, and would not even bind.
MAX_ID = 2**31 - 1
#: Past this page no listing has anything to show, and offsets stay far from what a database overflows on.
MAX_PAGE = 10_000
#: Years a listing may be filtered by, and an event may be dated in.
YEARS = (1900, 2200)
_WHOLE = re.compile(r"-?[0-9]+")
_WEBSITE_LENGTH = 300


def site_url(endpoint: str, **values) -> str:
    """Build an absolute link from SITE_URL, never from the request's Host header."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)


class IdConverter(IntegerConverter):
    """`<int:…>` for ASCII digits up to MAX_ID only: any other number matches no route, so it is a 404."""

    regex = r"[0-9]+"
    signed_regex = r"-?[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, MAX_ID if max is None or max > MAX_ID else max, signed)

    def to_python(self, value: str) -> int:
        if len(value.lstrip("-")) > len(str(MAX_ID)):
            raise ValidationError()  # before int(): thousands of digits would cost, and overflow past it
        return super().to_python(value)


def query_int(name: str, default: int | None, lo: int = 1, hi: int = MAX_PAGE) -> int | None:
    """Read a whole number in ASCII digits from the query string, clamped to lo..hi; else the default."""
    raw = request.args.get(name, "")
    if not _WHOLE.fullmatch(raw):
        return default  # absent, empty, "abc", "1e9", "²" (which str.isdigit() would take)
    digits = raw.lstrip("-").lstrip("0")
    number = int(raw) if len(digits) <= 18 else (-10**18 if raw.startswith("-") else 10**18)
    return max(lo, min(hi, number))


def query_page() -> int:
    """Read `page` from the query string: 1 unless given, at most MAX_PAGE."""
    return query_int("page", 1)


def safe_website(value: str | None) -> str | None:
    """Return the address if a firm may link to it (http or https, a host, no spaces); else None."""
    url = (value or "").strip()
    if not url or len(url) > _WEBSITE_LENGTH or re.search(r"[\x00-\x20\x7f-\x9f]", url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
