"""One SMTP connection for a run of the sender, opened at its first message and again after a failure."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

#: Messages sent over one connection before it is closed and opened again (servers cap them).
PER_CONNECTION = 100


class Connection:
    """Send messages over one connection; a failure that leaves it in doubt closes it, and the next send reconnects."""

    def __init__(self):
        self.smtp: smtplib.SMTP | None = None
        self.sent = 0

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, email: EmailMessage) -> None:
        if self.smtp is None or self.sent >= PER_CONNECTION:
            self.close()
            self.smtp, self.sent = connect(), 0
        try:
            self.smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            raise  # smtplib has reset the session; the connection serves the next message
        except BaseException:
            self.close()  # in doubt (a timeout, a 421, a dropped line): start afresh
            raise
        self.sent += 1

    def close(self) -> None:
        if self.smtp is not None:
            smtp, self.smtp = self.smtp, None
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def connect() -> smtplib.SMTP:
    """Open a connection to MAIL_SERVER, with STARTTLS and a login when they are configured."""
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"])
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except BaseException:
        smtp.close()
        raise
    return smtp
