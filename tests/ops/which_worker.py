"""A WSGI app that answers with the pid of the worker serving it, to see how connections spread.

One of two workers (by the parity of its pid: gunicorn forks them one after the other) takes a
second and a half longer to load, as the portal's workers can on a busy machine: connections that
arrive meanwhile are the ones that stayed with the worker that was up first.
"""
import os
import time

if os.getpid() % 2:
    time.sleep(1.5)


def app(environ, start_response):
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
