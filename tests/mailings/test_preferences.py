"""People choose which mailings they get: representatives on their account page, anyone from the link in a message."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from portal.extensions import db
from portal.mailings.models import MailingOptOut, Suppression
from tests.conftest import Browserish

SITE = "https://portal.example.org"


class Checkboxes(HTMLParser):
    """The checkboxes of a page: which are there, which are ticked."""

    def __init__(self, html: str):
        super().__init__()
        self.names: list[str] = []
        self.ticked: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox":
            self.names.append(attrs["name"])
            if "checked" in attrs:
                self.ticked.add(attrs["name"])


def ticked(html: str) -> set[str]:
    return Checkboxes(html).ticked


def choices(*kinds: str) -> dict:
    return {**{kind: "y" for kind in kinds}, "save": "y"}


def received(mailbox, address: str) -> list[str]:
    return [str(m["Subject"]) for m in mailbox.to(address)]


def kinds(subjects: list[str]) -> list[str]:
    """What each subject announces ("会刊：…" a bulletin, "活动：…" an event), sorted."""
    return sorted(subject.split("：")[0] for subject in subjects)


def link_path(message) -> str:
    """The preferences page the message links to (its List-Unsubscribe URL), as a site path."""
    return message["List-Unsubscribe"].strip("<>").removeprefix(SITE)


def opt_outs(app) -> set[tuple[str, str]]:
    with app.app_context():
        return {(o.address, o.kind) for o in db.session.scalars(db.select(MailingOptOut))}


@pytest.fixture
def announce(make_bulletin, make_event, send):
    """Return a function that sends one bulletin and one public event to an audience."""

    def run(audience: str) -> None:
        for option, source in (("--bulletin", make_bulletin()), ("--event", make_event(audience="public").id)):
            code, output = send(option, str(source), "--audience", audience)
            assert code == 0, output

    return run


def test_a_representative_who_declines_event_notices_gets_the_bulletin_but_not_the_event(
        app, client, make_user, make_firm, announce, mailbox):
    rep = make_user("member", email=" Rep@Member.example", firm=make_firm(tier="member"))
    other = make_user("member", email="other@member.example", firm=make_firm(tier="member"))
    client.login(rep.email)
    page = client.get("/auth/password").get_data(as_text=True)
    assert 'id="account-preferences-form"' in page
    assert ticked(page) == {"bulletin", "event", "notice"}  # everything, until they choose
    response = client.submit("/mailing-preferences", choices("bulletin", "notice"), page="/auth/password")
    assert response.status_code == 303 and response.headers["Location"].endswith("/auth/password#mailing-preferences")
    assert ticked(client.get("/auth/password").get_data(as_text=True)) == {"bulletin", "notice"}
    assert opt_outs(app) == {("rep@member.example", "event")}  # trimmed and lower-case, as recipients are
    announce("members")
    assert kinds(received(mailbox, "rep@member.example")) == ["会刊"]
    assert kinds(received(mailbox, other.email)) == ["会刊", "活动"]
    # The link in the bulletin opens the same choice.
    (bulletin,) = mailbox.to("rep@member.example")
    assert ticked(app.test_client().get(link_path(bulletin)).get_data(as_text=True)) == {"bulletin", "notice"}


def test_a_representatives_declined_mailings_are_in_the_download_of_their_data(app, client, make_user):
    import json

    rep = make_user("member")
    client.login(rep.email)
    client.submit("/mailing-preferences", choices("bulletin"), page="/auth/password")
    data = json.loads(client.get("/privacy/my-data.json").data)
    assert data["mailing_opt_outs"] == ["event", "notice"]


def test_the_account_page_choice_is_refused_without_its_csrf_token(app, client, make_user):
    rep = make_user("member")
    client.login(rep.email)
    response = client.post("/mailing-preferences", data=choices("bulletin"))
    assert response.status_code == 400
    assert opt_outs(app) == set()


def test_a_subscriber_who_declines_event_notices_by_the_link_gets_the_bulletin_but_not_the_event(
        app, subscriber, make_bulletin, send, announce, mailbox):
    reader = subscriber("reader@example.org")
    mailbox.clear()  # the confirmation link
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    (first,) = mailbox.to(reader)
    visitor = Browserish(app.test_client())  # opened from the mail, without the session that subscribed
    page = visitor.get(link_path(first)).get_data(as_text=True)
    assert Checkboxes(page).names == ["bulletin", "event", "notice"] and ticked(page) == {"bulletin", "event", "notice"}
    assert 'id="unsubscribe-form"' in page  # and the button for everything
    saved = visitor.submit(link_path(first), choices("bulletin", "notice"))
    assert saved.status_code == 200 and 'id="preferences-saved"' in saved.get_data(as_text=True)
    assert ticked(saved.get_data(as_text=True)) == {"bulletin", "notice"}
    mailbox.clear()
    announce("subscribers")
    assert kinds(received(mailbox, reader)) == ["会刊"]


def test_the_preferences_form_of_the_link_is_refused_without_its_csrf_token(app, subscriber, make_bulletin, send,
                                                                             mailbox):
    reader = subscriber("reader@example.org")
    mailbox.clear()  # the confirmation link
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    path = link_path(mailbox.to(reader)[0])
    visitor = app.test_client()
    visitor.get(path)
    response = visitor.post(path, data=choices("notice"))
    assert response.status_code == 400 and 'id="preferences-expired"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(MailingOptOut)).all() == []
        assert db.session.scalars(db.select(Suppression)).all() == []  # and not taken as a one-click either


@pytest.mark.parametrize("lang, html_lang, heading", [("en", "en", "Your mailings"), ("zh", "zh-CN", "您的邮件订阅")])
def test_the_link_opens_the_preferences_in_the_language_they_subscribed_in(
        app, client, subscriber, make_bulletin, send, mailbox, lang, html_lang, heading):
    client.get(f"/?lang={lang}")  # they browse the site in this language, and subscribe
    reader = subscriber("reader@example.org")
    mailbox.clear()  # the confirmation link
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    (message,) = mailbox.to(reader)
    # A mail client's browser: no session, no language chosen on the site.
    page = app.test_client().get(link_path(message)).get_data(as_text=True)
    assert f'<html lang="{html_lang}"' in page and heading in page


def test_a_representatives_link_opens_in_their_accounts_language(app, make_user, make_bulletin, send, mailbox):
    rep = make_user("member", email="rep@member.example", locale="en")
    send("--bulletin", str(make_bulletin()), "--audience", "members")
    (message,) = mailbox.to(rep.email)
    assert str(message["Subject"]).startswith("Bulletin:")
    visitor = app.test_client()
    page = visitor.get(link_path(message)).get_data(as_text=True)
    assert '<html lang="en"' in page and "Your mailings" in page
    # A language picked on the site is this browser's own choice, and stays picked.
    assert "您的邮件订阅" in visitor.get(link_path(message) + "?lang=zh").get_data(as_text=True)
    assert "您的邮件订阅" in visitor.get(link_path(message)).get_data(as_text=True)


def test_one_click_still_ends_every_mailing_and_a_later_choice_brings_some_back(
        app, subscriber, make_bulletin, send, announce, mailbox):
    reader = subscriber("reader@example.org")
    mailbox.clear()  # the confirmation link
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    path = link_path(mailbox.to(reader)[0])
    visitor = Browserish(app.test_client())
    visitor.submit(path, choices("bulletin"))
    # RFC 8058: the mail client posts, with no session and no token, and is answered 200.
    one_click = app.test_client().post(path, data="List-Unsubscribe=One-Click",
                                       content_type="application/x-www-form-urlencoded")
    assert one_click.status_code == 200
    mailbox.clear()
    announce("subscribers")
    assert received(mailbox, reader) == []
    page = visitor.get(path).get_data(as_text=True)
    assert 'id="already-unsubscribed"' in page and ticked(page) == set()
    visitor.submit(path, choices("bulletin", "event"))  # their own word, given later, counts
    announce("subscribers")
    assert kinds(received(mailbox, reader)) == ["会刊", "活动"]


def test_the_pages_unsubscribe_button_ends_everything_without_a_token(app, subscriber, make_bulletin, send,
                                                                      announce, mailbox):
    reader = subscriber("reader@example.org")
    mailbox.clear()  # the confirmation link
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    path = link_path(mailbox.to(reader)[0])
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click", "submit": "y"})
    assert response.status_code == 200 and 'id="unsubscribed"' in response.get_data(as_text=True)
    mailbox.clear()
    announce("subscribers")
    assert received(mailbox, reader) == []
