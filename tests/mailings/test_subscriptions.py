"""A visitor subscribes with double opt-in, and nothing tells a stranger whether an address is known."""
from datetime import timedelta

import pytest

from portal.database import utcnow
from portal.extensions import db
from portal.mailings.models import Subscriber
from tests.mailings.conftest import confirm_subscription, link_in, subscribe


def subscribers(app):
    with app.app_context():
        return {s.email: s.confirmed_at for s in db.session.scalars(db.select(Subscriber))}


def test_a_subscription_counts_only_after_the_button_behind_the_emailed_link(app, client, mailbox):
    assert subscribe(client, "  Reader@Example.ORG ").status_code == 200
    assert subscribers(app) == {"reader@example.org": None}
    path = link_in(mailbox, "reader@example.org", "/subscribe/")
    page = client.get(path)
    assert page.status_code == 200 and "confirm-form" in page.get_data(as_text=True)
    assert subscribers(app) == {"reader@example.org": None}  # opening the link changes nothing
    assert confirm_subscription(client, mailbox, "reader@example.org").status_code == 200
    assert subscribers(app)["reader@example.org"] is not None


def test_subscribing_a_known_address_answers_the_same_and_keeps_one_row(app, client, mailbox, subscriber):
    subscriber("known@example.org")
    known = subscribe(client, "KNOWN@example.org ")
    unknown = subscribe(client, "new@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("known", "x") == unknown.get_data(as_text=True).replace("new", "x")
    assert sorted(subscribers(app)) == ["known@example.org", "new@example.org"]
    assert len(mailbox.to("known@example.org")) == 1  # the confirmed address is not mailed again


def test_a_visitor_cannot_subscribe_without_consenting(app, client, mailbox):
    assert subscribe(client, "reader@example.org", consent=False).status_code == 400
    assert subscribers(app) == {}
    assert mailbox.messages == []


def test_subscribing_is_rate_limited_per_address(app, client):
    app.config["SUBSCRIBE_LIMIT"] = "2 per 10 minutes"
    answers = [subscribe(client, f"reader{n}@example.org").status_code for n in range(3)]
    assert answers == [200, 200, 429]


def test_a_forged_confirmation_link_confirms_nobody(app, client, mailbox):
    subscribe(client, "reader@example.org")
    path = link_in(mailbox, "reader@example.org", "/subscribe/")
    assert client.get(path[:-2] + "xx").status_code == 410
    assert subscribers(app) == {"reader@example.org": None}


@pytest.mark.parametrize("days, kept", [(1, True), (8, False)])
def test_unconfirmed_subscriptions_are_purged_after_retention(app, client, days, kept):
    subscribe(client, "reader@example.org")
    with app.app_context():
        db.session.execute(db.update(Subscriber).values(created_at=utcnow() - timedelta(days=days)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert ("reader@example.org" in subscribers(app)) is kept
