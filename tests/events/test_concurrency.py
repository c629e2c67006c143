"""The capacity invariant under a rush: real gunicorn workers, separate connections, both databases.

Fifty visitors press "register" at the same moment for an event of five seats while fifty others do
the same for an event of one seat. Whatever the interleaving, the seats taken equal the capacity,
everyone else waits in a line numbered 1..n without gaps or repeats, nobody sees a server error,
and one address (in four spellings) gets one registration.
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import base_config
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
PER_EVENT = 50
SAME_PERSON = ["Same@Example.org", "same@example.org", "SAME@EXAMPLE.ORG", "same@Example.ORG"]


@pytest.fixture(params=["sqlite", "postgresql"])
def rush_database(request, tmp_path, smtp_server):
    """A migrated database with two published events (5 seats and 1 seat); yields (url, ids)."""
    if request.param == "sqlite":
        path = tmp_path / "rush.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database("portal_rush")
    from flask_migrate import upgrade

    from portal import create_app
    from portal.database import utcnow
    from portal.events.services import create_event
    from portal.extensions import db

    app = create_app(base_config(url, smtp_server))
    with app.app_context():
        upgrade()
        starts = utcnow() + timedelta(days=7)
        ids = [create_event(None, publish=True, title=f"抢座 {seats}", starts_at=starts, venue="会场",
                            ends_at=starts + timedelta(hours=2), capacity=seats).id for seats in (5, 1)]
        db.session.commit()
        db.engine.dispose()
    if request.param == "sqlite":
        # WAL lets readers go on while one writer commits; writers still queue on busy_timeout.
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
    yield request.param, url, ids


@pytest.fixture
def server(rush_database, tmp_path):
    kind, url, ids = rush_database
    log = (tmp_path / "gunicorn.log").open("w")
    port = free_port()
    env = {**os.environ, "PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": "rush-only", "PORTAL_DATABASE_URL": url,
           "PORTAL_RATELIMIT_ENABLED": "false", "PORTAL_SITE_URL": "https://portal.example.org"}
    env.pop("PORTAL_MAIL_SERVER", None)  # mail waits in the outbox: the rush is about seats
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "4", "--worker-class", "gthread", "--threads", "8", "--preload",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "portal:create_app()"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/events/{ids[0]}", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:])
                time.sleep(0.1)
        yield kind, url, ids, base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        # Server errors, if any, are in the log: show its tracebacks with the failure.
        tracebacks = (tmp_path / "gunicorn.log").read_text().count("Traceback")
        assert tracebacks == 0, (tmp_path / "gunicorn.log").read_text()[-5000:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # keep the 303 as the answer to count it


def visitor(base: str, event_id: int, email: str, barrier: threading.Barrier, results: list) -> None:
    """Open the event page (cookie and CSRF token), wait for everyone, then register."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())
    page = opener.open(f"{base}/events/{event_id}", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "name": "抢座人", "email": email,
                                   "organisation": "示例公司"}).encode()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    try:
        status = opener.open(f"{base}/events/{event_id}/register", data=body, timeout=60).status
    except urllib.error.HTTPError as answer:
        status = answer.code
    except OSError as error:
        status = f"{type(error).__name__}"
    results.append((status, started, time.perf_counter()))


def test_simultaneous_registrations_never_overbook(server):
    kind, url, (five, one), base = server
    jobs = []
    for event_id in (five, one):
        emails = [f"rush{n}-{event_id}@example.org" for n in range(PER_EVENT)]
        if event_id == five:
            emails[-len(SAME_PERSON):] = SAME_PERSON
        jobs += [(event_id, email) for email in emails]
    barrier = threading.Barrier(len(jobs))
    results: list = []
    threads = [threading.Thread(target=visitor, args=(base, event_id, email, barrier, results))
               for event_id, email in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = [status for status, _start, _end in results]
    elapsed = max(end for *_s, end in results) - min(start for _s, start, _e in results)

    engine = create_engine(url)
    with engine.connect() as conn:
        figures = {}
        for event_id, capacity in ((five, 5), (one, 1)):
            seats_taken, waitlist_length = conn.execute(
                text("SELECT seats_taken, waitlist_length FROM events WHERE id = :id"), {"id": event_id}).one()
            rows = conn.execute(text("SELECT status, waitlist_position, email_key FROM event_registrations "
                                     "WHERE event_id = :id"), {"id": event_id}).all()
            holding = [r for r in rows if r.status in ("pending", "approval", "confirmed")]
            positions = sorted(r.waitlist_position for r in rows if r.status == "waiting")
            assert len(holding) == seats_taken == capacity, (kind, capacity, len(holding), seats_taken)
            assert positions == list(range(1, len(rows) - capacity + 1)), (kind, positions)
            assert waitlist_length == len(positions)
            figures[capacity] = (len(rows), len(holding), len(positions))
        same = conn.execute(text("SELECT count(*) FROM event_registrations WHERE email_key = 'same@example.org'"))
        assert same.scalar() == 1
    engine.dispose()
    errors = [status for status in statuses if not isinstance(status, int) or status >= 500]
    print(f"\n[{kind}] {len(results)} simultaneous registrations answered within {elapsed:.2f} s "
          f"(gunicorn 4 workers x 8 threads); 5xx or connection errors: {len(errors)}")
    for capacity, (registered, taken, waiting) in figures.items():
        print(f"[{kind}] capacity {capacity}: {PER_EVENT} requests, {registered} people, seats taken {taken}, "
              f"waiting {waiting} (positions 1..{waiting})")
    assert len(results) == len(jobs)
    assert errors == []
    assert set(statuses) == {303}
