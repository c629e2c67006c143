"""`make bench`, mailings: queueing a 10,000-recipient mailing, and the rate the worker delivers at.

Queueing is timed in-process on a fresh database of each kind: `start_mailing` as the worker runs
it (recipients fixed, one body per language, the copies and their links written), commit
included; the goal is under 10 s. Delivery: `flask worker` with two threads and
PORTAL_MAIL_RATE=0 against aiosmtpd in a process of its own, counted from the outbox's `sent_at`
over the first DELIVER messages, beside what bare smtplib reaches over one connection to the same
server (so the figure means something on a noisy machine).
"""
from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "tests" / "data" / "bulletin-2022-07.txt"
SITE = "https://portal.example.org"
RECIPIENTS = 10_000
DELIVER = 2_000


def settings(database_url: str, queue_url: str, port: int) -> dict:
    return {"PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": "bench-only", "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SITE_URL": SITE, "PORTAL_MAIL_SERVER": "127.0.0.1", "PORTAL_MAIL_PORT": str(port),
            "PORTAL_MAIL_RATE": "0", "PORTAL_QUEUE_URL": queue_url, "PORTAL_RATELIMIT_ENABLED": "false"}


def start_sink() -> tuple[subprocess.Popen, int]:
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "tests.bench.smtp_sink", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert sink.stdout.readline().strip() == "ready"
    return sink, port


def queue_mailing(env: dict) -> tuple[float, int]:
    """Seed the subscribers and a bulletin; time queueing the mailing to all of them. Return (seconds, count)."""
    os.environ.update(env)
    from portal import create_app, unit_of_work
    from portal.bulletins.importer import import_bulletin
    from portal.bulletins.services import publish
    from portal.extensions import db
    from portal.mailings.services import create_mailing, start_mailing
    from tests.mailings.delivery import confirmed_subscribers

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["PORTAL_DATABASE_URL"]})
    confirmed_subscribers(app, RECIPIENTS, locales=("zh", "zh", "en"))
    with app.test_request_context("/", base_url=SITE):
        def draft():
            bulletin = import_bulletin(None, "bulletin.txt", SAMPLE.read_bytes(), period=(2022, 7), audience="public")
            publish(None, bulletin)
            return create_mailing(None, audience="subscribers", bulletin_id=bulletin.id)

        mailing = unit_of_work.run(draft)
        started = time.perf_counter()
        queued = unit_of_work.run(start_mailing, None, mailing)
        seconds = time.perf_counter() - started
    with app.app_context():
        db.engine.dispose()
    return seconds, queued


def worker_rate(env: dict, database_url: str) -> float:
    """Run the worker until DELIVER messages are sent; return messages a second between the first and the last."""
    from sqlalchemy import create_engine, text

    log = open(Path("/tmp") / "portal-bench-worker.log", "wb")
    worker = subprocess.Popen([str(BIN / "flask"), "--app", "portal", "worker", "--threads", "2"], cwd=ROOT,
                              env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True)
    engine = create_engine(database_url)
    count = "SELECT count(*), min(sent_at), max(sent_at) FROM outbox_messages WHERE sent_at IS NOT NULL"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                sent, first, last = connection.execute(text(count)).one()
            if sent >= DELIVER:
                break
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        worker.wait(timeout=60)
        log.close()
        engine.dispose()
    if isinstance(first, str):  # SQLite hands back text
        from datetime import datetime

        first, last = datetime.fromisoformat(first), datetime.fromisoformat(last)
    return (sent - 1) / max((last - first).total_seconds(), 1e-6)


def bare_rate(port: int, count: int = 500) -> float:
    """smtplib over one connection, the same kind of message, no database: what the server and loopback allow."""
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "简报", "noreply@example.org", "reader@example.org"
    message.set_content("正文 " * 500)
    message.add_alternative("<p>正文</p>" * 500, subtype="html")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        started = time.perf_counter()
        for _ in range(count):
            smtp.send_message(message)
        return count / (time.perf_counter() - started)


def run(backend: str, database_url: str, folder: str) -> None:
    sink, port = start_sink()
    try:
        env = settings(database_url, f"sqlite:///{folder}/{backend}-queue.sqlite3", port)
        subprocess.run([str(BIN / "flask"), "--app", "portal", "db", "upgrade"], env={**os.environ, **env},
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds, queued = queue_mailing(env)
        rate = worker_rate(env, database_url)
        bare = bare_rate(port)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    print(f"{backend:10} mailing {queued:>6} recipients | queued in {seconds:5.1f} s (goal < 10 s) | "
          f"worker delivers {rate:6.0f} msg/s, rate limit off = {rate / bare:.2f} x bare smtplib ({bare:.0f} msg/s)",
          flush=True)
