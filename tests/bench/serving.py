"""Start gunicorn for a bench part and stop it: one way for every part that loads pages from outside."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def start(app_path: str, env: dict, port: int, options: list[str], name: str) -> tuple[subprocess.Popen, Path]:
    """Start gunicorn with `options` on `port`; return (process, log file) once it answers `/`.

    The server logs a line per request: into a file of its own, so that the figures stay readable.
    """
    log = Path(tempfile.gettempdir()) / f"portal-bench-{name}-{port}.log"
    with log.open("wb") as handle:
        process = subprocess.Popen([str(BIN / "gunicorn"), *options, "--bind", f"127.0.0.1:{port}", app_path],
                                   env=env, cwd=ROOT, stdout=handle, stderr=handle)
    for _ in range(300):  # 30 s: seconds of imports on a busy machine
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
            return process, log
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_path} did not start; see {log}")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn: gracefully (it may take a while on a busy machine), else by force."""
    server.terminate()
    try:
        server.wait(timeout=90)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
