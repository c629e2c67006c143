"""The capacity invariant under a rush: real gunicorn workers, separate connections, both databases.

Fifty visitors press "register" at the same moment for an event of five seats while fifty others do
the same for an event of one seat. Whatever the interleaving, the seats taken equal the capacity,
everyone else waits in a line numbered 1..n without gaps or repeats, nobody sees a server error,
and one address (in four spellings) gets one registration. Then thirteen people cancel at once:
the freed seats go to the first in line, in order, and the line closes its gaps.
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


def person(base: str, page: str, action: str, fields: dict, barrier: threading.Barrier, results: list) -> None:
    """Open a page (cookie and CSRF token), wait for everyone, then post its form."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())
    html = opener.open(f"{base}{page}", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, **fields}).encode()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    try:
        status = opener.open(f"{base}{action}", data=body, timeout=60).status
    except urllib.error.HTTPError as answer:
        status = answer.code
    except OSError as error:
        status = f"{type(error).__name__}"
    results.append((status, started, time.perf_counter()))


def fire(base: str, jobs: list[tuple[str, str, dict]]) -> tuple[list, float]:
    """Send every (page, action, fields) at the same moment on its own connection; (statuses, seconds)."""
    barrier = threading.Barrier(len(jobs))
    results: list = []
    threads = [threading.Thread(target=person, args=(base, *job, barrier, results)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(jobs)
    elapsed = max(end for *_s, end in results) - min(start for _s, start, _e in results)
    return [status for status, _start, _end in results], elapsed


def state(conn, event_id: int):
    seats_taken, waitlist_length = conn.execute(
        text("SELECT seats_taken, waitlist_length FROM events WHERE id = :id"), {"id": event_id}).one()
    rows = conn.execute(text("SELECT id, status, waitlist_position, email_key FROM event_registrations "
                             "WHERE event_id = :id ORDER BY id"), {"id": event_id}).all()
    return seats_taken, waitlist_length, rows


def check_invariant(conn, kind: str, event_id: int, capacity: int) -> tuple[int, int, int]:
    """Seats taken equal the holders and the capacity; the line is numbered 1..n; (people, taken, waiting)."""
    seats_taken, waitlist_length, rows = state(conn, event_id)
    holding = [r for r in rows if r.status in ("pending", "approval", "confirmed")]
    positions = sorted(r.waitlist_position for r in rows if r.status == "waiting")
    assert len(holding) == seats_taken == capacity, (kind, capacity, len(holding), seats_taken)
    assert positions == list(range(1, len(positions) + 1)), (kind, positions)
    assert waitlist_length == len(positions)
    return len(rows), len(holding), len(positions)


def test_simultaneous_registrations_never_overbook(server):
    kind, url, (five, one), base = server
    jobs = []
    for event_id in (five, one):
        emails = [f"rush{n}-{event_id}@example.org" for n in range(PER_EVENT)]
        if event_id == five:
            emails[-len(SAME_PERSON):] = SAME_PERSON
        jobs += [(f"/events/{event_id}", f"/events/{event_id}/register",
                  {"name": "抢座人", "email": email, "organisation": "示例公司", "consent": "y"}) for email in emails]
    statuses, elapsed = fire(base, jobs)
    engine = create_engine(url)
    with engine.connect() as conn:
        figures = {capacity: check_invariant(conn, kind, event_id, capacity)
                   for event_id, capacity in ((five, 5), (one, 1))}
        same = conn.execute(text("SELECT count(*) FROM event_registrations WHERE email_key = 'same@example.org'"))
        assert same.scalar() == 1
        _taken, _length, rows = state(conn, five)
    errors = [status for status in statuses if not isinstance(status, int) or status >= 500]
    print(f"\n[{kind}] {len(statuses)} simultaneous registrations answered within {elapsed:.2f} s "
          f"(gunicorn 4 workers x 8 threads); 5xx or connection errors: {len(errors)}")
    for capacity, (registered, taken, waiting) in figures.items():
        print(f"[{kind}] capacity {capacity}: {PER_EVENT} requests, {registered} people, seats taken {taken}, "
              f"waiting {waiting} (positions 1..{waiting})")
    assert errors == [] and set(statuses) == {303}

    # Then 3 seat holders and 10 people in line cancel at the same moment: 3 are promoted in order.
    holders = [r for r in rows if r.status != "waiting"][:3]
    leavers = [r for r in rows if r.status == "waiting" and r.waitlist_position % 4 == 2][:10]
    before = {r.id: r.waitlist_position for r in rows if r.status == "waiting"}
    links = _links([r.id for r in holders + leavers], url)
    statuses, elapsed = fire(base, [(link, f"{link}/cancel", {}) for link in links])
    with engine.connect() as conn:
        people, taken, waiting = check_invariant(conn, kind, five, 5)
        _taken, _length, after_rows = state(conn, five)
    engine.dispose()
    leaving = {r.id for r in leavers}
    still_waiting = [rid for rid, _p in sorted(before.items(), key=lambda item: item[1]) if rid not in leaving]
    promoted, remaining = still_waiting[:3], still_waiting[3:]
    after = {r.id: r for r in after_rows}
    assert all(after[rid].status == "pending" for rid in promoted), kind
    assert [after[rid].waitlist_position for rid in remaining] == list(range(1, len(remaining) + 1)), kind
    assert sum(r.status == "cancelled" for r in after_rows) == 13
    print(f"[{kind}] 13 simultaneous cancellations (3 seats, 10 in line) within {elapsed:.2f} s: seats taken "
          f"{taken}, first 3 in line promoted in order, waiting {waiting} renumbered 1..{waiting}; errors: "
          f"{sum(not isinstance(s, int) or s >= 500 for s in statuses)}")
    assert set(statuses) == {303}


def _links(registration_ids: list[int], url: str) -> list[str]:
    """The emailed links of these registrations, signed with the server's key."""
    from portal import create_app
    from portal.events.models import Registration
    from portal.events.tickets import registration_token
    from portal.extensions import db

    app = create_app({"ENV": "testing", "SECRET_KEY": "rush-only", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        links = [f"/events/r/{registration_token(db.session.get(Registration, rid))}" for rid in registration_ids]
        db.engine.dispose()
    return links
