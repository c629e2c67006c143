"""A shared store of rendered public pages: a visitor gets the page the last one was given.

Keyed by the page generation (portal/caching/generation.py), the language, the host and the path
with its query; a kept page is given for `PAGE_CACHE_SECONDS` by the site's clock
(portal/caching/freshness.py: what time alone changes, such as an event becoming past, is at
most that old). Answers to searches (`q=`) go to a store of their own
(`search_cache`): they vary without end, and would otherwise push out the pages asked for most.
A query many visitors ask (a firm's name, a word in the news) is then searched once a minute, or
once after each change, rather than on every request; a query nobody asked before is searched.
A search is answered from the store by its view's `kept_search` decorator, below the view's rate
limit, so that a visitor asking again and again is still refused (429) as the contract says.
Visitors who send no cookie are answered in front of Flask (portal/caching/front.py), which
counts the same rate limits; what is kept here serves the others (a chosen language).
"""
from __future__ import annotations

import hashlib
import logging
from functools import wraps

from flask import current_app, g, request

from portal.caching import freshness, front, headers
from portal.caching.generation import generation
from portal.extensions import cache, search_cache
from portal.i18n import current_language

log = logging.getLogger(__name__)


def _is_storable_request() -> bool:
    return current_app.config["PAGE_CACHE_SECONDS"] > 0 and headers.is_public_request()


def is_search() -> bool:
    """Tell whether this request asks a search (`q=`): the directory's rate limit counts only those."""
    return bool(request.args.get("q"))


def is_kept_in_front() -> bool:
    """Tell whether the front keeps this request's answer (and already looked for it): not here too.

    The front saw no cookie and made a key: it keeps the answer, with the rate limits it is under.
    """
    return front.KEY in request.environ


def _store():
    return search_cache if is_search() else cache


def _key() -> str:
    # Hashed: a query string can be as long as a visitor likes, a key should not.
    where = hashlib.blake2b(f"{request.host}{request.full_path}".encode(), digest_size=16).hexdigest()
    return f"page:{generation().current()}:{current_language()}:{where}"


def serve_stored():
    """Answer from the store when this public page is in it (a before_request hook); not a search."""
    return None if is_search() else _stored_answer()


def kept_search(view):
    """Answer a search view from the store when the same search was just answered.

    Put it below `@limiter.limit`: the rate limit counts every search, answered from the store or not.
    """
    @wraps(view)
    def answer(*args, **kwargs):
        stored = _stored_answer()
        return stored if stored is not None else view(*args, **kwargs)
    return answer


def _stored_answer():
    if not _is_storable_request() or is_kept_in_front():
        return None
    g.page_key = key = _key()
    try:
        stored = _store().get(key)
    except Exception:  # Redis down, say: render the page as if nothing were stored
        log.exception("Could not read the page store")
        return None
    if stored is None:
        return None
    body, mimetype, etag, kept_at = stored
    # Time alone changes what a search finds, too (a firm past its grace leaves the directory).
    if not freshness.is_current(kept_at, current_app.config["PAGE_CACHE_SECONDS"]):
        return None
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
        _store().set(key, (response.get_data(), response.mimetype, etag, freshness.now()), timeout=current_app.config["PAGE_CACHE_SECONDS"])
    except Exception:  # Redis down, or SimpleCache pruning while another thread adds: the page is sent all the same
        log.exception("Could not keep the page")
