"""Events for tests, and ways to read registrations and the links in their emails."""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from portal.database import utcnow
from portal.extensions import db


@pytest.fixture
def make_event(app):
    """Return a factory of published events a week ahead; each is returned as a plain record."""
    from portal.events.services import create_event

    def make(title: str = "会员大会", capacity: int | None = 10, publish: bool = True, **fields):
        starts = fields.pop("starts_at", utcnow() + timedelta(days=7))
        with app.app_context():
            event = create_event(None, publish=publish, title=title, starts_at=starts,
                                 ends_at=fields.pop("ends_at", starts + timedelta(hours=3)),
                                 venue=fields.pop("venue", "大连软件园 8 号楼多功能厅"), capacity=capacity, **fields)
            db.session.commit()
            return SimpleNamespace(id=event.id, title=event.title, url=f"/events/{event.id}")

    return make


def registrations(app, event_id: int) -> dict[str, SimpleNamespace]:
    """Every registration of an event by email address, as plain records."""
    from portal.events.models import Registration

    with app.app_context():
        rows = db.session.scalars(db.select(Registration).where(Registration.event_id == event_id)
                                  .order_by(Registration.id)).all()
        return {r.email: SimpleNamespace(id=r.id, status=r.status, position=r.waitlist_position,
                                         email_key=r.email_key, ticket_code=r.ticket_code,
                                         checked_in_at=r.checked_in_at) for r in rows}


def event_row(app, event_id: int) -> SimpleNamespace:
    from portal.events.models import Event

    with app.app_context():
        event = db.session.get(Event, event_id)
        return SimpleNamespace(seats_taken=event.seats_taken, waitlist_length=event.waitlist_length,
                               capacity=event.capacity, status=event.status)


def register_guest(client, event_id: int, email: str, name: str = "王小明", organisation: str = "示例公司",
                   page: str | None = None):
    """Post the guest form; `page` gives the CSRF token where the event page shows no form."""
    return client.submit(f"/events/{event_id}/register", {"name": name, "email": email, "organisation": organisation,
                                                                "consent": "y"},
                         page=page or f"/events/{event_id}")


def link_in(mailbox, address: str, index: int = -1) -> str:
    """The path of the registration link in the latest (or index-th) email to an address."""
    message = mailbox.to(address)[index]
    found = re.search(r"https://portal\.example\.org(/events/r/[A-Za-z0-9_.\-]+)", mailbox.text(message))
    assert found, mailbox.text(message)
    return found.group(1)


def confirm_from_email(client, mailbox, address: str):
    path = link_in(mailbox, address)
    return client.submit(f"{path}/confirm", {}, page=path)


@pytest.fixture
def staff(login_as):
    return login_as("staff")
