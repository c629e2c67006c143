"""The background worker delivers mail through a real SMTP server, and a SIGKILL loses none of it."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.events.conftest import make_event, register_guest  # noqa: F401  (make_event: a fixture)
from tests.services import ProcessGroup, free_port

ROOT = Path(__file__).resolve().parents[1]
FLASK = Path(sys.executable).parent / "flask"
CLAIM_SECONDS = 3
THREADS = 2


class SlowMailbox:
    """An SMTP server that takes its time over each message, so a worker can be killed mid-batch."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.seconds)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    controller = Controller(SlowMailbox(0.05), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def queue_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


@pytest.fixture
def app_config(app_config, slow_smtp, queue_url):
    """Tasks go to a queue outside the process, which only the worker process consumes."""
    return {**app_config, "QUEUE_IMMEDIATE": False, "QUEUE_URL": queue_url,
            "MAIL_PORT": slow_smtp.port, "MAIL_CLAIM_SECONDS": CLAIM_SECONDS}


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def any_queue_url(request, queue_url):
    """The embedded queue (a SQLite file), and Redis as PORTAL_QUEUE_URL puts it for several hosts."""
    if request.param == "sqlite-queue":
        yield queue_url
        return
    from tests.ops.servers import Redis

    server = Redis()
    yield server.url
    server.stop()


class Worker(ProcessGroup):
    """`flask --app portal worker` in its own process group, on the app's database and queue."""

    def __init__(self, config: dict):
        env = {**os.environ, "PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": "tests-only-not-a-secret",
               "PORTAL_DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"], "PORTAL_SITE_URL": config["SITE_URL"],
               "PORTAL_MAIL_SERVER": "127.0.0.1", "PORTAL_MAIL_PORT": str(config["MAIL_PORT"]),
               "PORTAL_QUEUE_URL": config["QUEUE_URL"], "PORTAL_MAIL_CLAIM_SECONDS": str(CLAIM_SECONDS)}
        super().__init__([str(FLASK), "--app", "portal", "worker", "--threads", str(THREADS)], env, ROOT,
                         stop_signal=signal.SIGINT)


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting")
        time.sleep(0.05)


@pytest.fixture
def either_queue(app_config, any_queue_url) -> dict:
    """The settings with each kind of queue; ask for it before `app`, which reads them."""
    app_config["QUEUE_URL"] = any_queue_url
    return app_config


def test_the_worker_delivers_a_guests_confirmation_email_with_no_cron_run(either_queue, app, client, make_event,
                                                                          slow_smtp):
    event = make_event(capacity=5)
    register_guest(client, event.id, "guest@example.org")
    mailbox = slow_smtp.handler
    time.sleep(0.3)
    assert mailbox.messages == []  # the request only queued the delivery
    worker = Worker(either_queue)
    try:
        wait_until(lambda: mailbox.messages)
    finally:
        worker.stop()
    (message,) = mailbox.messages
    assert message["To"] == "guest@example.org"
    assert "/events/r/" in message.get_body(("plain",)).get_content()


def test_a_worker_killed_mid_batch_loses_no_message_and_sends_none_twice_but_the_one_in_flight(
        app, app_config, slow_smtp):
    from portal.mail.tasks import deliver_messages

    with app.app_context():
        rows = [OutboxMessage(recipient=f"member{n}@example.org", subject=f"通知 {n}", text_body="正文",
                              html_body="<p>正文</p>") for n in range(40)]
        db.session.add_all(rows)
        db.session.commit()
        ids = [row.id for row in rows]
        deliver_messages(ids)  # queued on disk, as a request's commit queues it
    mailbox = slow_smtp.handler
    worker = Worker(app_config)
    try:
        wait_until(lambda: len(mailbox.messages) >= 8)
        worker.kill()
    finally:
        worker.stop()
    killed_after = len(mailbox.messages)
    assert killed_after < 40, "the worker finished before it was killed: the test proves nothing"
    again = Worker(app_config)
    try:
        wait_until(lambda: len({m["To"] for m in mailbox.messages}) == 40)
        time.sleep(CLAIM_SECONDS + 1)  # whatever else it would send has had its chance
    finally:
        again.stop()
    received = Counter(m["To"] for m in mailbox.messages)
    assert set(received) == {f"member{n}@example.org" for n in range(40)}
    # Only a message the server had accepted when the worker died, before its sending was
    # recorded, may arrive twice (SMTP cannot rule that out): one per sending thread at most,
    # and it keeps its Message-ID.
    twice = [address for address, count in received.items() if count > 1]
    assert len(twice) <= THREADS and all(count <= 2 for count in received.values())
    for address in twice:
        assert len({m["Message-ID"] for m in mailbox.messages if m["To"] == address}) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_(None))) == 0
