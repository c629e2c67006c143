"""Production under the shipped gunicorn.conf.py: several workers only with rate limits they share."""
import concurrent.futures
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from portal.config import DEFAULTS, unshared_limits
from tests.services import ProcessGroup, free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def production_env(tmp_path, **settings) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "GUNICORN_"))}
    return {**env, "PORTAL_ENV": "production", "PORTAL_SECRET_KEY": "tests-only-not-a-secret",
            "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}", **settings}


def test_production_refuses_several_workers_that_would_each_count_the_limits_alone(tmp_path):
    # The default of two per core, as an operator who set nothing would start it.
    result = subprocess.run([str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{free_port()}",
                             "wsgi:app"], cwd=ROOT, env=production_env(tmp_path, PORTAL_WORKERS="2"),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    [reason] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "memory://" in reason and "PORTAL_RATELIMIT_STORAGE_URL=redis://" in reason and "PORTAL_WORKERS=1" in reason


def test_production_serves_with_one_worker_and_the_limits_in_memory(tmp_path):
    port = free_port()
    server = ProcessGroup([str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                          production_env(tmp_path, PORTAL_WORKERS="1"), ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert server.process.poll() is None, server.process.stderr.read().decode()
    finally:
        server.stop()


@pytest.mark.parametrize(("settings", "workers"), [
    ({"RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0"}, 8),
    ({}, 1),
    ({"RATELIMIT_ENABLED": False}, 8),
    ({"ENV": "development"}, 8),
])
def test_workers_may_serve_when_they_share_the_limits_or_are_alone(settings, workers):
    assert unshared_limits({**DEFAULTS, **settings}, workers) is None


def test_the_deploy_guide_says_what_gunicorn_conf_enforces():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "PORTAL_WORKERS=1" in guide and "refuses" in guide


def test_connections_opened_while_a_worker_starts_are_not_all_left_to_the_other(tmp_path):
    # A proxy's pool or wrk opens its connections as soon as the server answers and keeps them.
    # From one shared socket, the worker that was up first accepted them all and the other idled
    # at 0% CPU (the bench, 2026-12-04): now each worker listens on a socket of its own from
    # the moment it is forked (reuse_port) and the kernel spreads the connections over both.
    port = free_port()
    env = {**production_env(tmp_path, PORTAL_WORKERS="2"), "PORTAL_ENV": "development",
           "WHICH_WORKER_FOLDER": str(tmp_path)}
    server = ProcessGroup([str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
                           "tests.ops.which_worker:app"], env, ROOT)
    try:
        assert _answers(port, server), server.process.stderr.read().decode()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            served = list(pool.map(lambda _: _workers_of_one_connection(port, requests=5), range(16)))
        workers = set().union(*served)
        assert len(workers) == 2
    finally:
        server.stop()


def _workers_of_one_connection(port: int, requests: int) -> set[bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        workers = set()
        for _ in range(requests):
            connection.request("GET", "/")
            workers.add(connection.getresponse().read())
        return workers
    finally:
        connection.close()


def _answers(port: int, server: ProcessGroup) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return True
        except OSError:
            time.sleep(0.1)
    return False
