"""Subscribers, bulletins and mailings for tests, and the links their emails carry."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.extensions import db
from tests.conftest import csrf_from
from tests.events.conftest import make_event  # noqa: F401  (a fixture)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "bulletin-2022-07.txt"


def subscribe(client, address: str, consent: bool = True):
    return client.submit("/subscribe", {"email": address, **({"consent": "y"} if consent else {})})


def link_in(mailbox, address: str, pattern: str) -> str:
    """The site path matching `pattern` in the latest email to an address."""
    (message, *_) = mailbox.to(address)[-1:]
    found = re.search(rf"https://portal\.example\.org({pattern}[A-Za-z0-9_.\-]+)", mailbox.text(message))
    assert found, mailbox.text(message)
    return found.group(1)


def confirm_subscription(client, mailbox, address: str):
    path = link_in(mailbox, address, "/subscribe/")
    html = client.get(path).get_data(as_text=True)
    return client.post(path, data={"csrf_token": csrf_from(html)})


@pytest.fixture
def subscriber(client, mailbox):
    """Return a function that subscribes an address and confirms it, as a visitor does."""

    def make(address: str) -> str:
        assert subscribe(client, address).status_code == 200
        assert confirm_subscription(client, mailbox, address.strip().lower()).status_code == 200
        return address.strip().lower()

    return make


@pytest.fixture
def make_bulletin(app):
    """Return a factory of published bulletins (public or members-only); each returns its id."""
    from portal.bulletins.importer import import_bulletin
    from portal.bulletins.services import publish

    periods = iter((2022, month) for month in range(1, 13))

    def make(audience: str = "public") -> int:
        with app.test_request_context():
            bulletin = import_bulletin(None, "bulletin.txt", SAMPLE.read_bytes(), period=next(periods),
                                       audience=audience)
            publish(None, bulletin)
            db.session.commit()
            return bulletin.id

    return make


@pytest.fixture
def send(app):
    """Run `flask mailings send` with the given arguments; return (exit code, output)."""

    def run(*args: str):
        result = app.test_cli_runner().invoke(args=["mailings", "send", *args])
        return result.exit_code, result.output

    return run
