"""Many confirmed subscribers at once, and mailings made and launched as staff do, for the delivery tests."""
from __future__ import annotations

from sqlalchemy import insert

from portal import unit_of_work
from portal.database import utcnow
from portal.extensions import db
from portal.mailings.models import Mailing, MailingRecipient, Subscriber

SITE = "https://portal.example.org"


def confirmed_subscribers(app, count: int, locales: tuple[str, ...] = ("zh",)) -> list[str]:
    """Add `count` confirmed subscribers in one statement; return their addresses."""
    now = utcnow()
    addresses = [f"reader{n:05}@example.org" for n in range(count)]
    with app.app_context():
        db.session.execute(insert(Subscriber), [
            {"email": address, "locale": locales[n % len(locales)], "consent_at": now, "created_at": now,
             "confirmed_at": now} for n, address in enumerate(addresses)])
        db.session.commit()
    return addresses


def draft(app, bulletin_id: int, audience: str = "subscribers") -> int:
    from portal.mailings.services import create_mailing

    with app.test_request_context(base_url=SITE):
        return unit_of_work.run(lambda: create_mailing(None, audience=audience, bulletin_id=bulletin_id).id)


def act_on(app, mailing_id: int, action, *args, **kwargs):
    """Run a service on the mailing as one unit of work, as the staff page's POST does."""
    with app.test_request_context(base_url=SITE):
        return unit_of_work.run(lambda: action(None, db.session.get(Mailing, mailing_id), *args, **kwargs))


def recipients(app, mailing_id: int) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(MailingRecipient)
                                 .where(MailingRecipient.mailing_id == mailing_id))


def sweep(app) -> None:
    """The worker's minute: start what is due, queue again what a killed worker left."""
    from portal.mailings.tasks import start_due_mailings

    with app.app_context():
        start_due_mailings()
