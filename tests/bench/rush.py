"""`make bench`, rush: 500 guest registrations from 32 concurrent clients for one event of 100 seats.

On a fresh database, one public event of 100 seats, served by gunicorn with the shipped
gunicorn.conf.py (its workers and threads) and the bench's environment (rate limits off, as for
any load test from one address; mail waits in the outbox). 32 clients take the 500 registrations
between them; each registration is a visitor of its own: it opens the event's page (a session
cookie and the form's CSRF token), then posts name, email, organisation and consent. Every answer
must be the redirect to the registration's page (no 5xx, no connection error), and afterwards
exactly 100 seats are taken and the other 400 wait in a line numbered 1..400. The rate is the
registrations answered per second, first page opened to last answer.
"""
from __future__ import annotations

import http.cookiejar
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.bench import serving
from tests.bench.load import percentile
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REGISTRATIONS, CLIENTS, SEATS = 500, 32, 100


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 303 itself is the answer counted


def _flask(env: dict, *args: str) -> str:
    return subprocess.run([str(BIN / "flask"), "--app", "portal", *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def _register(base: str, event_id: int, number: int) -> tuple[object, float]:
    """One visitor: open the event's page, then post the guest form; return (status, seconds of the post)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())
    try:
        html = opener.open(f"{base}/events/{event_id}", timeout=60).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, "name": f"抢座人 {number}",
                                       "email": f"rush{number}@bench.example.org",
                                       "organisation": "示例公司", "consent": "y"}).encode()
        started = time.perf_counter()
        try:
            status = opener.open(f"{base}/events/{event_id}/register", data=body, timeout=60).status
        except urllib.error.HTTPError as answer:
            status = answer.code
        return status, time.perf_counter() - started
    except OSError as error:
        return type(error).__name__, 0.0


def rush(base: str, event_id: int) -> tuple[list, list[float], float]:
    """Run the registrations from CLIENTS threads; return (statuses, post seconds, elapsed seconds)."""
    jobs: queue.Queue = queue.Queue()
    for number in range(REGISTRATIONS):
        jobs.put(number)
    statuses, posts, lock = [], [], threading.Lock()

    def client() -> None:
        while True:
            try:
                number = jobs.get_nowait()
            except queue.Empty:
                return
            status, seconds = _register(base, event_id, number)
            with lock:
                statuses.append(status)
                posts.append(seconds)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return statuses, posts, time.perf_counter() - started


def run(backend: str, database_url: str, environment: dict) -> dict:
    """Measure the rush on a fresh database; print one line and return the figures."""
    env = {**environment, "PORTAL_SITE_URL": "https://portal.example.org"}
    env.pop("PORTAL_MAIL_SERVER", None)  # mail waits in the outbox: the rush is about seats
    _flask(env, "db", "upgrade")
    starts = datetime.now(timezone.utc) + timedelta(days=14)
    output = _flask(env, "events", "create", "--title", "报名高峰（基准测试）", "--starts", starts.isoformat(),
                    "--ends", (starts + timedelta(hours=2)).isoformat(), "--venue", "大连软件园",
                    "--capacity", str(SEATS), "--audience", "public", "--publish")
    event_id = int(output.strip().splitlines()[-1])
    port = free_port()
    server, log = serving.start("wsgi:app", env, port, ["-c", str(ROOT / "gunicorn.conf.py"), "--log-level", "warning"],
                                "rush")
    try:
        statuses, posts, elapsed = rush(f"http://127.0.0.1:{port}", event_id)
    finally:
        serving.stop(server)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        taken, waiting = conn.execute(text("SELECT seats_taken, waitlist_length FROM events WHERE id = :id"),
                                      {"id": event_id}).one()
        holders = conn.execute(text("SELECT count(*) FROM event_registrations WHERE event_id = :id"
                                    " AND status IN ('pending', 'approval', 'confirmed')"), {"id": event_id}).scalar()
        positions = conn.scalars(text("SELECT waitlist_position FROM event_registrations WHERE event_id = :id"
                                      " AND status = 'waiting' ORDER BY waitlist_position"), {"id": event_id}).all()
    engine.dispose()
    failed = [status for status in statuses if status != 303]
    rate = len(statuses) / elapsed
    print(f"{backend:10} rush: {len(statuses)} guest registrations from {CLIENTS} clients for {SEATS} seats in "
          f"{elapsed:.1f} s = {rate:.0f} registrations/s (post p50 {percentile(posts, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(posts, 0.99) * 1000:.0f} ms) | seats taken {taken} (holders {holders}), waiting "
          f"{waiting} | answers other than 303: {len(failed)} {sorted(set(map(str, failed)))} | "
          f"tracebacks in the log: {log.read_text(errors='replace').count('Traceback')}", flush=True)
    correct = (not failed and len(statuses) == REGISTRATIONS and taken == holders == SEATS
               and positions == list(range(1, REGISTRATIONS - SEATS + 1)) and waiting == len(positions))
    if not correct:
        print(f"{backend:10} rush: WRONG: expected {REGISTRATIONS} answers of 303, {SEATS} seats taken and a "
              f"line of {REGISTRATIONS - SEATS} numbered from 1; see {log}", flush=True)
    return {"rate": rate, "elapsed": elapsed, "correct": correct}
