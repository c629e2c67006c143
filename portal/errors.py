"""Friendly error pages in both languages; JSON errors under /api/."""
from __future__ import annotations

import logging
import math
import time

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db, limiter

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _retry_after() -> str | None:
    """Seconds until the limit that was hit resets, for the page and the Retry-After header."""
    window = limiter.current_limit
    if window is None:
        return None
    return str(max(1, math.ceil(window.reset_at - time.time())))


def handle_http_error(error: HTTPException):
    status = error.code or 500
    retry_after = _retry_after() if status == 429 else None
    if wants_json():
        message = error.description if status != 429 else _("Too many requests; try again later.")
        response = jsonify(error={"code": error.name.lower().replace(" ", "_"), "message": str(message)})
    else:
        template = f"errors/{status}.html" if status in (400, 403, 404, 410, 429) else "errors/generic.html"
        response = render_template(template, error=error, status=status, retry_after=retry_after)
    response = _as_response(response, status)
    for name, value in error.get_headers():  # Allow on a 405, WWW-Authenticate on a 401 …
        if name.lower() != "content-type":
            response.headers[name] = value
    if retry_after:
        response.headers["Retry-After"] = retry_after
    return response


def handle_unexpected_error(error: Exception):
    # Logged with its traceback for us; the visitor only sees a friendly page.
    log.exception("Unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    if wants_json():
        return _as_response(jsonify(error={"code": "internal_server_error",
                                           "message": _("Something went wrong on our side.")}), 500)
    return render_template("errors/500.html", status=500), 500


def _as_response(body, status):
    from flask import make_response

    response = make_response(body)
    response.status_code = status
    return response


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, lambda e: handle_unexpected_error(e.original_exception or e))
    app.register_error_handler(Exception, handle_unexpected_error)
