"""The worker process killed with SIGKILL halfway through a mailing, then restarted: nobody missed, nobody twice."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.mailings.delivery import confirmed_subscribers
from tests.services import Mailbox, ProcessGroup, free_port
from tests.test_worker import wait_until

ROOT = Path(__file__).resolve().parents[2]
FLASK = Path(sys.executable).parent / "flask"
RECIPIENTS = 60
#: Short, so that the restarted worker takes over the killed one's claims within seconds; long
#: enough that a sender stalled by a busy machine still sends within its claim (the margin is half).
CLAIM_SECONDS = 4


class GatedMailbox(Mailbox):
    """Accepts the first `open_for` messages; each later one waits at DATA until the gate opens.

    A sender killed meanwhile drops its connection, and aiosmtpd cancels the waiting handler: the
    message was never accepted, as with a server that had not answered yet.
    """

    def __init__(self, open_for: int):
        super().__init__()
        self.open_for, self.is_open, self.waiting = open_for, False, 0

    async def handle_DATA(self, server, session, envelope):
        if not self.is_open and len(self.messages) >= self.open_for:
            self.waiting += 1
            try:
                while not self.is_open:
                    await asyncio.sleep(0.02)
            finally:
                self.waiting -= 1
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def gated_smtp():
    from aiosmtpd.controller import Controller

    controller = Controller(GatedMailbox(RECIPIENTS // 2), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def app_config(app_config, gated_smtp, tmp_path):
    """Tasks wait in a queue on disk that only the worker process consumes."""
    return {**app_config, "QUEUE_IMMEDIATE": False, "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
            "MAIL_PORT": gated_smtp.port, "MAIL_CLAIM_SECONDS": CLAIM_SECONDS, "MAIL_RATE": 0}


class Worker(ProcessGroup):
    """`flask --app portal worker` on the app's database and queue, in a process group of its own."""

    def __init__(self, config: dict):
        env = {**os.environ, "PORTAL_ENV": "testing", "PORTAL_SECRET_KEY": config["SECRET_KEY"],
               "PORTAL_DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"], "PORTAL_SITE_URL": config["SITE_URL"],
               "PORTAL_MAIL_SERVER": "127.0.0.1", "PORTAL_MAIL_PORT": str(config["MAIL_PORT"]),
               "PORTAL_QUEUE_URL": config["QUEUE_URL"], "PORTAL_MAIL_CLAIM_SECONDS": str(CLAIM_SECONDS),
               "PORTAL_MAIL_RATE": "0"}
        super().__init__([str(FLASK), "--app", "portal", "worker", "--threads", "2"], env, ROOT,
                         stop_signal=signal.SIGINT)


def outbox_count(app, *, sent: bool) -> int:
    """Count the outbox's messages recorded as sent, or not yet."""
    with app.app_context():
        condition = OutboxMessage.sent_at.is_not(None) if sent else OutboxMessage.sent_at.is_(None)
        return db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage).where(condition))


def test_a_worker_killed_halfway_through_a_mailing_and_restarted_sends_each_copy_exactly_once(
        app, app_config, make_bulletin, send, gated_smtp):
    mailbox = gated_smtp.handler
    addresses = confirmed_subscribers(app, RECIPIENTS)
    code, output = send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    assert code == 0, output  # queued; its delivery waits in the queue on disk for the worker
    assert mailbox.messages == []
    worker = Worker(app_config)
    try:
        # Half delivered, the next one in the server's hands, and every accepted copy recorded as
        # sent: with two threads, one may still be recording its last copy as the other waits, and
        # a copy accepted but not recorded when the worker dies is sent again (SMTP's own duplicate).
        wait_until(lambda: mailbox.waiting >= 1 and outbox_count(app, sent=True) == len(mailbox.messages))
        worker.kill()
    finally:
        worker.stop()
    # The server notices the dropped connections in its own thread: until it has cancelled every
    # waiting message, opening the gate would accept one the killed worker never saw accepted.
    wait_until(lambda: mailbox.waiting == 0)
    delivered_before = len(mailbox.messages)
    assert RECIPIENTS // 2 <= delivered_before < RECIPIENTS
    mailbox.is_open = True
    again = Worker(app_config)
    try:
        wait_until(lambda: outbox_count(app, sent=False) == 0)  # every copy recorded as sent: nothing is left to send
    finally:
        again.stop()
    received = Counter(m["To"] for m in mailbox.messages)
    assert sorted(received) == addresses
    assert set(received.values()) == {1}, [address for address, count in received.items() if count > 1]
