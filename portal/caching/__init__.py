"""HTTP caching of public pages (headers, 304) and the shared store of rendered ones."""
from __future__ import annotations

from pathlib import Path


def init_app(app) -> None:
    from portal.caching import pages
    from portal.caching.generation import FileGeneration, RedisGeneration
    from portal.extensions import cache

    url = app.config["PAGE_CACHE_URL"]
    if app.config["PAGE_CACHE_SECONDS"] <= 0:
        settings = {"CACHE_TYPE": "NullCache"}
    elif url.startswith(("redis://", "rediss://", "unix://")):
        settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": "portal:"}
    else:
        # In each worker's memory: a few hundred pages of about 30 KB.
        settings = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": app.config["PAGE_CACHE_ENTRIES"]}
    cache.init_app(app, config={**settings, "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"]})
    app.extensions["page_generation"] = (
        RedisGeneration(url) if settings["CACHE_TYPE"] == "RedisCache"
        else FileGeneration(app.config["PAGE_GENERATION_FILE"] or str(Path(app.instance_path) / "page-generation")))
    app.before_request(pages.serve_stored)
    app.after_request(_finish)


def _finish(response):
    """Mark the answer public or personal; keep a public page and answer 304 when the copy is current."""
    from flask import request

    from portal.caching import headers, pages

    if headers.mark(response) == headers.PUBLIC:
        pages.store(response)
        return response.make_conditional(request)
    return response
