"""A shared store of rendered public pages: a visitor gets the page the last one was given.

Keyed by the page generation (portal/caching/generation.py), the minute by the site's clock (what
time alone changes, such as an event becoming past, is at most a minute old), the language, the
host and the path with its query. Searches (`q=`) are not stored: they vary without end, so an
entry would seldom be asked for again and would push out the pages that are.
"""
from __future__ import annotations

import logging

from flask import current_app, g, request

from portal.caching import headers
from portal.caching.generation import generation
from portal.database import utcnow
from portal.extensions import cache
from portal.i18n import current_language

log = logging.getLogger(__name__)


def _is_storable_request() -> bool:
    return current_app.config["PAGE_CACHE_SECONDS"] > 0 and "q" not in request.args and headers.is_public_request()


def _key() -> str:
    minute = utcnow().strftime("%Y%m%d%H%M")
    return f"page:{generation().current()}:{minute}:{current_language()}:{request.host}{request.full_path}"


def serve_stored():
    """Answer from the store when this public page is in it (a before_request hook)."""
    if not _is_storable_request():
        return None
    g.page_key = key = _key()
    try:
        stored = cache.get(key)
    except Exception:  # Redis down, say: render the page as if nothing were stored
        log.exception("Could not read the page store")
        return None
    if stored is None:
        return None
    body, mimetype, etag = stored
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(etag, weak=True)
    g.page_was_stored = True
    return response


def store(response) -> None:
    """Keep a public page just rendered (called once its headers say it is public)."""
    key = g.get("page_key")
    if key is None or g.get("page_was_stored") or response.status_code != 200:
        return
    etag, _ = response.get_etag()
    try:
        cache.set(key, (response.get_data(), response.mimetype, etag), timeout=current_app.config["PAGE_CACHE_SECONDS"])
    except Exception:  # Redis down, or SimpleCache pruning while another thread adds: the page is sent all the same
        log.exception("Could not keep the page")
