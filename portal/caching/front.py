"""Kept public pages answered in front of Flask, at the WSGI level, for visitors without a cookie.

A kept page answered from inside Flask still pays for the session, the login, the language, the
rate limiter and every after_request hook: about twice what the whole of a bare Flask page
costs. Here a request that sends no cookie (so no session, no login, the default language) is
answered from the store before any of that, with the status, headers and body Flask gave the
first visitor, a new request id and its own log line; `If-None-Match` still gets 304.

Flask decides what is kept (portal/caching/__init__.py `_finish`): a 200 to a GET marked public
(`headers.mark`), with no cookie set. A page under a rate limit (the searches) is kept with the
limits its request was counted against, and the front counts every visitor's request against
them before answering (throttle.py): over the limit, Flask answers, with its 429.
The key holds everything such an answer depends on: the page generation (replaced by every
write a public page shows), the host and scheme as sent (and as
proxies forward them), the path with its query, and the encodings the visitor accepts; a kept
answer is given for `PAGE_CACHE_SECONDS` by the site's clock (freshness.py).
"""
from __future__ import annotations

import hashlib
import logging
import time

from werkzeug.wrappers import Response

from portal.caching import freshness, throttle
from portal.requestlog import log as request_log
from portal.requestlog import new_request_id, printable

log = logging.getLogger(__name__)

#: Set by Flask on the WSGI environ of a request the front may keep the answer to.
KEY = "portal.front.key"
STORABLE = "portal.front.storable"
#: Set by Flask with STORABLE: the rate limits the page is under (throttle.of_request).
LIMITS = "portal.front.limits"
#: Of what is kept (headers, body, kept at, limits): a store shared across a deploy holds no older shape.
_FORMAT = 2
#: What the key is made of, besides the path and query.
_KEYED_HEADERS = ("HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO",
                  "HTTP_X_FORWARDED_PREFIX", "HTTP_ACCEPT_ENCODING")


class KeptPages:
    """WSGI middleware around the Flask app's wsgi_app: answer kept pages, keep new ones."""

    def __init__(self, flask_app, wsgi_app, pages, searches):
        self.flask_app, self.wsgi_app = flask_app, wsgi_app
        self.pages, self.searches = pages, searches

    def __call__(self, environ, start_response):
        if not self._may_answer(environ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        key, store = self._key(environ), self._store(environ)
        try:
            kept = store.get(key)
        except Exception:  # Redis down, say: Flask answers as if nothing were kept
            log.exception("Could not read the page store")
            return self.wsgi_app(environ, start_response)
        if kept is not None and freshness.is_current(kept[2], self.flask_app.config["PAGE_CACHE_SECONDS"]):
            counted = self._count(kept[3], environ)
            if counted is not None:
                return self._answer(kept, counted, environ, start_response, started)
            return self.wsgi_app(environ, start_response)  # over a limit: Flask says so
        environ[KEY] = key
        return self._keep(key, store, environ, start_response)

    def _may_answer(self, environ) -> bool:
        return (environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get("HTTP_COOKIE")
                and not environ.get("HTTP_AUTHORIZATION") and self.flask_app.config["PAGE_CACHE_SECONDS"] > 0)

    def _store(self, environ):
        """Searches have a store of their own, as inside Flask (pages.py): they never push the pages out."""
        searched = any(part.startswith("q=") and len(part) > 2 for part in environ.get("QUERY_STRING", "").split("&"))
        return self.searches if searched else self.pages

    def _key(self, environ) -> str:
        generation = self.flask_app.extensions["page_generation"].current()
        sent = "\n".join([environ.get("wsgi.url_scheme", ""), environ.get("SCRIPT_NAME", ""),
                          environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                          *(environ.get(name, "") for name in _KEYED_HEADERS)])
        # Hashed: a query string can be as long as a visitor likes, a key should not.
        where = hashlib.blake2b(sent.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        return f"front:{_FORMAT}:{generation}:{where}"

    def _keep(self, key: str, store, environ, start_response):
        answered = {}

        def keep_start(status, headers, exc_info=None):
            answered.update(status=status, headers=list(headers))
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, keep_start)
        if not (environ.get(STORABLE) and environ["REQUEST_METHOD"] == "GET"
                and answered.get("status", "").startswith("200 ")
                and not any(name.lower() == "set-cookie" for name, _ in answered["headers"])):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = [(name, value) for name, value in answered["headers"]
                   if name.lower() != "x-request-id" and name.lower() not in throttle.HEADERS]
        kept = (headers, data, freshness.now(), environ.get(LIMITS, ()))
        try:
            store.set(key, kept, timeout=self.flask_app.config["PAGE_CACHE_SECONDS"])
        except Exception:  # Redis down, or the in-memory store pruning while another thread adds
            log.exception("Could not keep the page")
        return [data]

    def _count(self, limits, environ) -> list[tuple[str, str]] | None:
        """Count the request against the page's rate limits: their headers, or None when Flask must answer."""
        if not limits:
            return []
        try:
            return throttle.count(limits, environ, self.flask_app.config["RATELIMIT_HEADERS_ENABLED"])
        except Exception:  # the limiter's storage down: Flask-Limiter decides what that means
            log.exception("Could not count the request against its rate limits")
            return None

    def _answer(self, kept, counted, environ, start_response, started: float):
        headers, data, _kept_at, _limits = kept
        response = Response(data, status=200, headers=[*headers, *counted])
        request_id = new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        response.headers["X-Request-ID"] = request_id
        response = response.make_conditional(environ)
        elapsed = (time.perf_counter() - started) * 1000
        request_log.info("%s %s %s %.1fms kept", environ["REQUEST_METHOD"],
                         printable(_path(environ)), response.status_code, elapsed,
                         extra={"request_id": request_id})
        return response(environ, start_response)


def _path(environ) -> str:
    # WSGI gives the path as latin-1 of its bytes; Flask logs it decoded, as UTF-8.
    return environ.get("PATH_INFO", "").encode("latin-1", "replace").decode("utf-8", "replace")
