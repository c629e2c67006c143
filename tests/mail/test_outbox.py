"""Mail waits in the outbox when the SMTP server is down, and is never lost."""
import re
import socket

import pytest

from portal.extensions import db
from portal.mail.models import OutboxMessage


@pytest.fixture
def smtp_down(app_config):
    """Point the app at a loopback port that is held but never listens: connections are refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        app_config["MAIL_PORT"] = held.getsockname()[1]
        yield app_config


def waiting(app):
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).all()


def test_reset_request_succeeds_while_the_mail_server_is_down(smtp_down, app, client, make_user, mailbox):
    user = make_user("member")
    response = client.submit("/auth/forgot", {"email": user.email})
    assert response.status_code == 302
    (message,) = waiting(app)
    assert message.recipient == user.email
    assert message.attempts == 1
    assert "ConnectionRefused" in message.last_error
    assert mailbox.messages == []


def test_staff_see_what_waits(smtp_down, app, client, make_user, login_as):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    page = login_as("staff").get("/staff/outbox").get_data(as_text=True)
    assert user.email in page
    assert "重置密码" in page


def test_send_pending_delivers_once_the_server_is_back(smtp_down, app, client, make_user, mailbox, smtp_server):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    app.config["MAIL_PORT"] = smtp_server.port
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).values(next_attempt_at=OutboxMessage.created_at))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(mailbox.to(user.email)) == 1
    again = runner.invoke(args=["mail", "send-pending"])  # safe from cron: nothing sent twice
    assert "sent 0" in again.output
    assert len(mailbox.to(user.email)) == 1


def test_send_pending_waits_for_the_backoff(smtp_down, app, client, make_user, mailbox, smtp_server):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    app.config["MAIL_PORT"] = smtp_server.port
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert "sent 0" in result.output
    assert mailbox.messages == []


def test_without_a_mail_server_messages_wait_and_the_command_says_why(app_config, make_user):
    app_config["MAIL_SERVER"] = None
    from portal import create_app

    app = create_app(app_config)
    user = make_user("member")
    client = app.test_client()
    from tests.conftest import Browserish

    Browserish(client).submit("/auth/forgot", {"email": user.email})
    assert len(waiting(app)) == 1
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert result.exit_code != 0
    assert "no mail server configured" in result.output


def test_sent_mail_has_plain_text_and_html(client, make_user, mailbox):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    (message,) = mailbox.to(user.email)
    assert "/auth/reset/" in mailbox.text(message)
    assert '<a href="https://portal.example.org/auth/reset/' in mailbox.html(message)


def test_a_message_is_claimed_by_one_sender_only(app, make_user):
    from portal import unit_of_work
    from portal.database import utcnow
    from portal.mail.delivery import _claim

    with app.app_context():
        message = OutboxMessage(recipient="a@example.org", subject="s", text_body="t", html_body="h")
        db.session.add(message)
        db.session.commit()
        assert unit_of_work.run(_claim, None, 20, utcnow()).ids == [message.id]
        assert unit_of_work.run(_claim, None, 20, utcnow()).ids == []  # a second sender finds nothing to take


def test_mail_carries_its_date_and_a_message_id_of_the_site(client, make_user, mailbox):
    from email.utils import parsedate_to_datetime

    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    (message,) = mailbox.to(user.email)
    assert message["Message-ID"].endswith("@portal.example.org>")
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None


def test_staff_see_which_messages_wait_and_which_were_given_up(smtp_down, app, client, make_user, login_as):
    waits, gone = make_user("member"), make_user("member")
    client.submit("/auth/forgot", {"email": gone.email})
    client.submit("/auth/forgot", {"email": waits.email})
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).where(OutboxMessage.recipient == gone.email)
                           .values(attempts=app.config["MAIL_MAX_ATTEMPTS"]))
        db.session.commit()
        assert {m.recipient: m.status for m in waiting(app)} == {waits.email: "waiting", gone.email: "failed"}
    page = login_as("staff").get("/staff/outbox").get_data(as_text=True)
    rows = re.findall(r"<tr><td>.*?</tr>", page)
    assert [row for row in rows if waits.email in row and '"waiting">等待发送<' in row]
    assert [row for row in rows if gone.email in row and '"failed">已放弃发送<' in row]


def test_a_delivered_message_counts_as_sent(app, client, make_user, mailbox):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    with app.app_context():
        (message,) = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == user.email))
        assert message.status == "sent" and str(message.status.label) == "已发送"
