"""HTTP caching of public pages (headers, 304) and the shared stores of rendered ones."""
from __future__ import annotations

from pathlib import Path


def _settings(url: str, seconds: int, entries: int, prefix: str) -> dict:
    if seconds <= 0:
        return {"CACHE_TYPE": "NullCache"}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": prefix,
                "CACHE_DEFAULT_TIMEOUT": seconds}
    # In each worker's memory, at most `entries` answers (pruned by a third past that).
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": entries, "CACHE_DEFAULT_TIMEOUT": seconds}


def init_app(app) -> None:
    from portal.caching import front, pages
    from portal.caching.generation import FileGeneration, RedisGeneration
    from portal.extensions import cache, search_cache

    url, seconds = app.config["PAGE_CACHE_URL"], app.config["PAGE_CACHE_SECONDS"]
    settings = _settings(url, seconds, app.config["PAGE_CACHE_ENTRIES"], "portal:")
    cache.init_app(app, config=settings)
    search_cache.init_app(app, config=_settings(url, seconds, app.config["SEARCH_CACHE_ENTRIES"], "portal:search:"))
    app.extensions["page_generation"] = (
        RedisGeneration(url) if settings["CACHE_TYPE"] == "RedisCache"
        else FileGeneration(app.config["PAGE_GENERATION_FILE"] or str(Path(app.instance_path) / "page-generation")))
    app.before_request(pages.serve_stored)
    app.after_request(_finish)
    # Around everything Flask does, so that a kept page is answered before any of it runs (ProxyFix,
    # which the front needs to read the visitor's address, is put around it: portal/__init__.py).
    app.wsgi_app = front.KeptPages(app, app.wsgi_app, app.extensions["cache"][cache],
                                   app.extensions["cache"][search_cache])


def _finish(response):
    """Mark the answer public or personal; keep a public page and answer 304 when the copy is current."""
    from flask import request

    from portal.caching import front, headers, pages, throttle

    if headers.mark(response) == headers.PUBLIC:
        if pages.is_kept_in_front():
            limits = throttle.of_request()
            if limits is not None:  # kept by the front, once the last hook has run
                request.environ[front.STORABLE], request.environ[front.LIMITS] = True, limits
        else:
            pages.store(response)
        return response.make_conditional(request)
    return response
