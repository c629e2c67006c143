"""One log line per request, each with a request id that also tags the errors logged on its way."""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import g, has_request_context, request

log = logging.getLogger("portal.requests")
# A proxy's id is kept only when it looks like one; anything else could forge log lines.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: What would end a log line or rewrite a terminal: C0 and C1 controls, DEL, Unicode line separators.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Escape control characters (a path's %0a becomes \\n), so that a logged value stays on its line."""
    return _CONTROLS.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


class OneLineFormatter(logging.Formatter):
    """Keep each record's line one line, whatever values it logs; only a traceback may follow it."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request it was logged in (or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):  # a line logged outside Flask may bring its own
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def new_request_id(incoming: str) -> str:
    """Return the proxy's request id when it looks like one, else a new one."""
    return incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex


def _start() -> None:
    g.request_id = new_request_id(request.headers.get("X-Request-ID", ""))
    g.request_started = time.perf_counter()


def _finish(response):
    response.headers["X-Request-ID"] = g.get("request_id", "-")
    elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    log.info("%s %s %s %.1fms", printable(request.method), printable(request.path), response.status_code, elapsed)
    return response


def init_app(app) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    handler.addFilter(RequestIdFilter())
    portal_logger = logging.getLogger("portal")
    if not any(isinstance(f, RequestIdFilter) for h in portal_logger.handlers for f in h.filters):
        portal_logger.addHandler(handler)
    portal_logger.setLevel(logging.INFO)
    app.before_request(_start)
    app.after_request(_finish)
