"""A server that says "try later" (4xx) gets the message again after the back-off, once, and the address stays."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.mail.test_pacing import queue
from tests.services import Mailbox, free_port


class GreylistingMailbox(Mailbox):
    """Answers 451 to an address the first time it is offered, as greylisting servers do."""

    def __init__(self):
        super().__init__()
        self.seen: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address not in self.seen:
            self.seen.add(address)
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def greylisting(app):
    from aiosmtpd.controller import Controller

    controller = Controller(GreylistingMailbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["MAIL_PORT"] = controller.port
    yield controller.handler
    controller.stop()


def test_a_temporary_refusal_is_retried_after_the_back_off_and_delivered_once(app, greylisting, clock):
    from portal.mailings.models import Suppression

    (address,) = queue(app, 1)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["mail", "send-pending"])
    assert first.exit_code == 1 and "sent 0, failed 1" in first.output
    with app.app_context():
        (message,) = db.session.scalars(db.select(OutboxMessage))
        assert message.attempts == 1 and "451" in message.last_error
        assert message.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert "sent 0, failed 0" in runner.invoke(args=["mail", "send-pending"]).output  # backing off
    clock.advance(61)
    assert "sent 1, failed 0" in runner.invoke(args=["mail", "send-pending"]).output
    assert [m["To"] for m in greylisting.messages] == [address]
    with app.app_context():
        assert db.session.scalars(db.select(Suppression)).all() == []  # only a 5xx marks an address bouncing


def test_each_failure_doubles_the_wait(app, clock):
    import socket

    with socket.socket() as held:  # a port that refuses connections: the server is down
        held.bind(("127.0.0.1", 0))
        app.config["MAIL_PORT"] = held.getsockname()[1]
        queue(app, 1)
        runner = app.test_cli_runner()
        waits = []
        for _ in range(4):
            runner.invoke(args=["mail", "send-pending"])
            with app.app_context():
                (message,) = db.session.scalars(db.select(OutboxMessage))
                waits.append(message.next_attempt_at - clock.now())
                clock.current = message.next_attempt_at
    assert waits == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
