"""Which answers a browser or a reverse proxy may keep, and for how long.

- A public page for a visitor who is not logged in (`PUBLIC_PAGES`), that put nothing personal in
  it (no CSRF token, no flashed message, no change to the session): `public, no-cache` with an
  ETag. A proxy or browser keeps it and asks again each time; the portal answers 304 when the
  copy is current, out of its own page cache (portal/caching/pages.py, front.py) without
  rendering. `no-cache` rather than a max-age, so an approved profile change shows at once.
- Anything for a logged-in user, and any page holding a CSRF token, a flashed message or a new
  session cookie: `private, no-store`. A shared cache must never hand one visitor's token or
  name to another.
- Everything else keeps what its view said (static files: portal/assets.py; calendars: 5 minutes).
"""
from __future__ import annotations

import hashlib

from flask import current_app, g, request, session
from flask_login import current_user

#: The pages that show the same thing to every visitor who is not logged in.
PUBLIC_PAGES = frozenset({
    "home.index", "members.index", "members.detail", "events.index", "events.detail",
    "bulletins.index", "bulletins.detail", "privacy.notice",
    "api.members", "api.member",  # the directory as JSON: the same for everyone, logged in or not
})
PUBLIC = "public, no-cache"
PERSONAL = "private, no-store"


def is_logged_in() -> bool:
    return bool(getattr(current_user, "is_authenticated", False))


def has_personal_state() -> bool:
    """Tell whether this visitor's session holds something a page would show (a flashed message)."""
    return "_flashes" in session


def made_personal() -> bool:
    """Tell whether rendering this answer put something of this visitor's into it or their cookie."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return g.get(field) is not None or session.modified


def is_public_request() -> bool:
    """Tell whether the answer to this request could be one every anonymous visitor shares."""
    return (request.method in ("GET", "HEAD") and request.endpoint in PUBLIC_PAGES
            and "lang" not in request.args  # ?lang= remembers the choice in the session
            and not has_personal_state() and not is_logged_in())


def mark(response) -> str | None:
    """Set Cache-Control: PUBLIC (with a weak ETag) for a shareable page, PERSONAL for one that is not."""
    if request.endpoint == "static":
        return None
    if is_logged_in() or made_personal() or has_personal_state():
        response.headers["Cache-Control"] = PERSONAL
        response.headers.pop("ETag", None)
        return PERSONAL
    if response.status_code == 200 and is_public_request() and not response.is_streamed:
        response.headers["Cache-Control"] = PUBLIC
        # The language is chosen from the session cookie; the body from nothing else a visitor sends.
        response.vary.add("Cookie")
        if not response.get_etag()[0]:
            # Weak: the same page gzipped or not, so a revalidation answers 304 before compressing.
            response.set_etag(hashlib.md5(response.get_data(), usedforsecurity=False).hexdigest(), weak=True)
        return PUBLIC
    return None
