"""Static files: fingerprinted URLs, cached by browsers for a year, compressed once per process.

Every `url_for('static', filename=…)` gains `?v=<hash of the file's content>`, so a changed file
gets a new URL and the old one may be cached for good (`immutable`). A request whose `v` is not
the file's current hash (a page from before a deploy) gets the file with `no-cache` instead.
"""
from __future__ import annotations

import gzip
import hashlib
import os
from functools import lru_cache

import brotli
from flask import current_app, request, session

#: A year: the longest max-age browsers honour; a fingerprinted URL never changes content.
LONG_LIVED = "public, max-age=31536000, immutable"
COMPRESSIBLE = frozenset({"text/css", "text/javascript", "application/javascript", "image/svg+xml",
                          "text/plain", "application/json"})
#: Files past this size are sent as they are (nothing under static/ comes near it).
COMPRESS_MAX_BYTES = 2 * 1024 * 1024


def fingerprint(filename: str) -> str | None:
    """Return a short hash of a static file's content, or None when there is no such file."""
    path = _static_path(filename)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _hash(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _hash(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


@lru_cache(maxsize=256)
def _compressed(path: str, mtime_ns: int, encoding: str) -> bytes:
    with open(path, "rb") as file:
        data = file.read()
    if encoding == "br":
        return brotli.compress(data, quality=11)  # once per file and process: the best ratio
    return gzip.compress(data, compresslevel=9, mtime=0)


def _static_path(filename: str) -> str:
    return os.path.join(current_app.static_folder, os.path.normpath(filename).lstrip("/\\"))


def add_fingerprint(endpoint: str, values: dict) -> None:
    """Give every URL of a static file its content hash (a Flask url_defaults callback)."""
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    version = fingerprint(values["filename"])
    if version:
        values["v"] = version


def choose_encoding(accept_encoding: str) -> str | None:
    """Pick brotli, then gzip, from what the client accepts (q=0 refuses)."""
    accepted = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0)) > 0:
            return encoding
    return None


def cache_and_compress(response):
    """Send a static file with a year's caching when its URL is current, compressed when asked."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    current = fingerprint(filename)
    response.headers["Cache-Control"] = LONG_LIVED if version and version == current else "no-cache"
    if response.status_code != 200 or response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
    path = _static_path(filename)
    stat = os.stat(path)
    if encoding is None or stat.st_size > COMPRESS_MAX_BYTES or "Content-Range" in response.headers:
        return response
    body = _compressed(path, stat.st_mtime_ns, encoding)
    response.close()  # the file handle send_file opened
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, _ = response.get_etag()
    if etag:  # weak: the same file in any encoding, so a revalidation of either answers 304
        response.set_etag(etag, weak=True)
    return response


def forget_session_reads(response):
    """Keep `Vary: Cookie` off static files: Flask-Login's hook reads the session on every answer."""
    if request.endpoint == "static":
        session.accessed = False
    return response


def init_app(app) -> None:
    app.url_defaults(add_fingerprint)
    app.after_request(cache_and_compress)
    # First in the list, so it runs after every other hook (Flask runs them last-registered first).
    app.after_request_funcs.setdefault(None, []).insert(0, forget_session_reads)
