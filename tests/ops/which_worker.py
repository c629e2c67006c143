"""A WSGI app that answers with the pid of the worker serving it, to see how connections spread.

The worker that loads it first takes a second and a half longer to load, as the portal's
workers can on a busy machine: connections that arrive meanwhile are the ones that stayed with
the other worker. Which one is first is settled by a file made with O_EXCL in the folder
WHICH_WORKER_FOLDER names (pids say nothing of the order: gunicorn forks with pauses between).
"""
import os
import time

try:
    os.close(os.open(os.path.join(os.environ["WHICH_WORKER_FOLDER"], "first"), os.O_CREAT | os.O_EXCL))
    time.sleep(1.5)
except FileExistsError:
    pass


def app(environ, start_response):
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
