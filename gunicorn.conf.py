"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. See docs/deploy.md.
Several workers need the rate limits in Redis (PORTAL_RATELIMIT_STORAGE_URL=redis://…); with the
default memory:// storage, production starts with one worker only (PORTAL_WORKERS=1).
"""
import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# One worker per core, two threads each: measured best of sync 2/3/4 and gthread 4x4/2x4/2x2 on
# 2 cores (docs/deploy.md, 4.); more threads than that only queue requests behind the GIL.
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", 2))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Each worker listens on a socket of its own, made as it is forked, and the kernel spreads new
# connections over them. From the one shared socket, a burst of connections (wrk, a proxy's pool
# after a restart) all went to one worker in two of five fresh starts, and stayed with it while
# the other idled at 0% CPU: 1,620 against 3,850-4,220 kept searches/s, 105 against 228 new
# bulletin searches/s (docs/deploy.md, 4.). Its price:
# a second gunicorn started on the same port by mistake shares it instead of failing to bind, and
# a worker that stops resets the connections still in its queue unless the server sets
# net.ipv4.tcp_migrate_req=1 (docs/deploy.md says so).
reuse_port = True
# Recycle workers now and then so a slow leak never grows unbounded. Not every 2,000 requests: a
# page from the page store takes under a millisecond, so 2,000 passed in seconds and both workers
# restarted together, serving nothing while they started (seconds of 0 req/s in wrk runs).
max_requests = 100_000
max_requests_jitter = 20_000
# The reverse proxy logs requests; ours carry the request id (portal/requestlog.py).
accesslog = None
errorlog = "-"
loglevel = "info"
forwarded_allow_ips = os.environ.get("PORTAL_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Refuse to start several workers that would each count the rate limits on their own."""
    from portal.config import server_settings, unshared_limits

    problem = unshared_limits(server_settings(Path(__file__).resolve().parent / "instance"), server.cfg.workers)
    if problem:
        raise RuntimeError(problem)  # gunicorn prints "Error: …" and exits 1
