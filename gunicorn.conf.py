"""gunicorn settings for the portal: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS. See docs/deploy.md.
"""
import multiprocessing
import os

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")
# Two workers per core is enough for server-rendered pages; more only adds memory.
workers = int(os.environ.get("PORTAL_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("PORTAL_THREADS", 4))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy logs requests; ours carry the request id (portal/requestlog.py).
accesslog = None
errorlog = "-"
loglevel = "info"
forwarded_allow_ips = os.environ.get("PORTAL_FORWARDED_ALLOW_IPS", "127.0.0.1")
