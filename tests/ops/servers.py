"""Start the real portal under gunicorn, and a Redis server, for tests that need processes."""
from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.services import ProcessGroup, free_port, require

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


class Gunicorn(ProcessGroup):
    """The portal under gunicorn in its own process group, so it can be stopped or killed whole."""

    def __init__(self, database_url: str, workers: int = 3, **settings: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": "tests-only-not-a-secret",
               "PORTAL_DATABASE_URL": database_url, "PORTAL_SITE_URL": "https://portal.example.org",
               "PORTAL_QUEUE_IMMEDIATE": "true",
               **{f"PORTAL_{key}": value for key, value in settings.items()}}
        super().__init__([str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                          "--log-level", "warning", "wsgi:app"], env, ROOT)
        try:
            wait_for(self.url + "/healthz", self.process)
        except RuntimeError:
            self.stop()
            raise



class Redis:
    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            require("redis-server not found (apt-get install redis-server)")
        self.port = free_port()
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--save", "", "--appendonly", "no",
                                         "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Visitor:
    """A browser-like HTTP client with its own cookies; forms are posted with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def submit(self, path: str, data: dict, page: str | None = None) -> tuple[int, str]:
        _status, html = self.get(page or path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)
        fields = {"csrf_token": next(g for g in token.groups() if g), **data}
        body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
