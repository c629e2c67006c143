"""The request log keeps one line per request, whatever a request puts in its path."""
import logging

from portal.requestlog import RequestIdFilter

FORGED = "2024-01-01 00:00:00 INFO [-] portal.requests: GET /staff/ 200 1.0ms"


def portal_handler() -> logging.Handler:
    return next(handler for handler in logging.getLogger("portal").handlers
                if any(isinstance(f, RequestIdFilter) for f in handler.filters))


def test_a_path_cannot_write_a_forged_line_into_the_request_log(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.requests")
    client.get(f"/members/x%0a{FORGED}%0d%E2%80%A8%1b[2J")
    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    line = portal_handler().format(record)
    assert "\n" not in line and "\r" not in line and "\u2028" not in line and "\x1b" not in line
    assert f"/members/x\\n{FORGED}\\r\\u2028\\x1b[2J 404" in line


def test_a_logged_error_stays_on_its_line_with_its_traceback_below(app, client, caplog):
    @app.before_request
    def boom():
        raise RuntimeError("secret internals")

    client.get(f"/boom/x%0a{FORGED}")
    [record] = [r for r in caplog.records if r.name == "portal.errors"]
    first, *traceback = portal_handler().format(record).split("\n")
    assert first.endswith(f"Unhandled error on GET /boom/x\\n{FORGED}")
    assert traceback[0] == "Traceback (most recent call last):"
