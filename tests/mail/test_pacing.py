"""Mail goes out at PORTAL_MAIL_RATE a minute, counted over every sender; nobody's link waits behind a mailing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage


def queue(app, count: int, reference: str | None = None, prefix: str = "reader") -> list[str]:
    """Put messages straight into the outbox (no delivery is queued with them); return the addresses."""
    addresses = [f"{prefix}{n}@example.org" for n in range(count)]
    with app.app_context():
        db.session.add_all([OutboxMessage(recipient=address, subject=f"通知 {n}", text_body="正文",
                                          html_body="<p>正文</p>", reference=reference)
                            for n, address in enumerate(addresses)])
        db.session.commit()
    return addresses


def sent_times(app) -> list:
    with app.app_context():
        return sorted(db.session.scalars(db.select(OutboxMessage.sent_at).where(OutboxMessage.sent_at.is_not(None))))


def most_in_a_minute(times) -> int:
    return max((sum(1 for other in times if t - timedelta(seconds=60) < other <= t) for t in times), default=0)


@pytest.fixture
def rate(app):
    def set_rate(per_minute: int) -> None:
        app.config["MAIL_RATE"] = per_minute

    return set_rate


def test_send_pending_delivers_everything_due_waiting_out_each_minutes_limit(app, mailbox, clock, rate):
    rate(5)
    addresses = queue(app, 12)
    started = clock.now()
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0, result.output
    assert "sent 12, failed 0" in result.output
    assert sorted(m["To"] for m in mailbox.messages) == sorted(addresses)
    assert most_in_a_minute(sent_times(app)) == 5
    assert len(clock.waits) == 2 and clock.now() - started >= timedelta(seconds=120)


def test_a_worker_run_sends_what_the_minute_allows_and_returns_without_waiting(app, mailbox, clock, rate):
    from portal.mail.tasks import deliver_due_messages, deliver_due_now

    rate(5)
    queue(app, 12)
    deliver_due_now()
    assert len(mailbox.messages) == 5 and clock.waits == []
    deliver_due_messages()  # the next room is a minute away: the sweep leaves it for later
    assert len(mailbox.messages) == 5 and clock.waits == []
    clock.advance(55)
    deliver_due_messages()  # room within the sweep's patience: it waits for it, sends, and returns
    assert len(mailbox.messages) == 10 and clock.waits == [pytest.approx(5, abs=0.01)]
    assert most_in_a_minute(sent_times(app)) == 5


def test_the_limit_counts_what_other_senders_sent_and_hold(app, mailbox, clock, rate):
    from portal.mail.tasks import deliver_due_now

    rate(5)
    queue(app, 4, prefix="earlier")
    with app.app_context():
        rows = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        for row in rows[:3]:  # sent half a minute ago by another worker
            row.sent_at, row.attempts = clock.now() - timedelta(seconds=30), 1
        rows[3].claimed_until = clock.now() + timedelta(minutes=5)  # another sender is sending it now
        db.session.commit()
    queue(app, 5)
    deliver_due_now()
    assert len(mailbox.messages) == 1


def test_a_single_message_goes_before_a_mailings_copies(app, mailbox, clock, rate):
    from portal.mail.tasks import deliver_due_now

    rate(3)
    queue(app, 10, reference="mailing:1")
    (reset,) = queue(app, 1, prefix="forgot-password")
    deliver_due_now()
    assert [m["To"] for m in mailbox.messages][0] == reset and len(mailbox.messages) == 3


def test_without_a_limit_nothing_waits(app, mailbox, clock, rate):
    rate(0)
    queue(app, 30)
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert "sent 30, failed 0" in result.output
    assert len(mailbox.messages) == 30 and clock.waits == []


def test_a_run_sends_its_messages_over_one_connection(app, smtp_server, clock, rate):
    from aiosmtpd.controller import Controller

    from tests.services import Mailbox, free_port

    class Connections(Mailbox):
        async def handle_DATA(self, server, session, envelope):
            self.peers = getattr(self, "peers", set()) | {session.peer}
            return await super().handle_DATA(server, session, envelope)

    controller = Controller(Connections(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config["MAIL_PORT"] = controller.port
        rate(0)
        queue(app, 50)
        app.test_cli_runner().invoke(args=["mail", "send-pending"])
        assert len(controller.handler.messages) == 50
        assert len(controller.handler.peers) == 1
    finally:
        controller.stop()


def test_the_rate_is_read_from_portal_mail_rate(app_config, monkeypatch):
    from portal import create_app

    assert create_app(app_config).config["MAIL_RATE"] == 600
    monkeypatch.setenv("PORTAL_MAIL_RATE", "120")
    assert create_app(app_config).config["MAIL_RATE"] == 120
