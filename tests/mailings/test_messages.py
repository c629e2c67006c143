"""What a mailing's message says and how it is built: contents, Beijing time, the .ics, inlined styles, headers."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from portal.database import utcnow
from portal.extensions import db
from tests.events.conftest import register_guest

SITE = "https://portal.example.org"
EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"
#: Beijing time: 14:30 to 17:30 on 20 May 2031 (06:30 to 09:30 UTC).
STARTS = datetime(2031, 5, 20, 6, 30, tzinfo=timezone.utc)


class Elements(HTMLParser):
    """Each start tag of an HTML part, as (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def with_class(self, name: str) -> dict:
        (attrs,) = [a for _tag, a in self.found if name in (a.get("class") or "").split()]
        return attrs


def declarations(style: str) -> set[str]:
    """`a: b; c: d` as {"a:b", "c:d"}, whitespace aside."""
    return {re.sub(r"\s+", "", part) for part in style.split(";") if part.strip()}


def stylesheet_rule(selector: str) -> set[str]:
    css = (EMAIL_TEMPLATES / "mail.css").read_text()
    found = re.search(rf"(?m)^{re.escape(selector)}\s*\{{([^}}]*)\}}", css)
    assert found, selector
    return declarations(found.group(1))


@pytest.fixture
def representative(make_user, make_firm):
    return make_user("member", email="rep@member.example", firm=make_firm(tier="member"))


def bulletin_articles(app, bulletin_id: int) -> tuple[str, list[tuple[int, str, str]]]:
    """The issue's title, and (id, title, first paragraph) of each article."""
    from portal.bulletins.models import Bulletin

    with app.app_context():
        bulletin = db.session.get(Bulletin, bulletin_id)
        return bulletin.title, [(a.id, a.title, a.body.split("\n\n")[0]) for a in bulletin.articles]


def test_the_bulletin_mail_lists_each_article_with_its_first_line_and_its_link_on_the_site(
        app, client, representative, make_bulletin, send, mailbox):
    bulletin_id = make_bulletin()
    send("--bulletin", str(bulletin_id), "--audience", "members")
    (message,) = mailbox.to("rep@member.example")
    text, html = mailbox.text(message), mailbox.html(message)
    title, articles = bulletin_articles(app, bulletin_id)
    page = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert len(articles) > 5
    for article_id, article_title, first_paragraph in articles:
        link = f"{SITE}/bulletins/{bulletin_id}#article-{article_id}"
        assert link in text and f'href="{link}"' in html
        assert f'id="article-{article_id}"' in page  # the link lands on the article
        assert article_title in text and article_title in html
        opening = first_paragraph[:20]
        assert opening in text and opening in html
    assert title in text and f"{SITE}/bulletins/{bulletin_id}" in text


@pytest.fixture
def meeting(app, make_event, client, mailbox):
    """A public event at 14:30 Beijing time with 40 seats, one of them held by a guest."""
    event = make_event(title="数字贸易沙龙", capacity=40, starts_at=STARTS, ends_at=STARTS + timedelta(hours=3),
                       venue="大连软件园 8 号楼多功能厅", description="<p>邀请会员企业交流跨境数据合规经验。</p>")
    register_guest(client, event.id, "guest@example.org")
    mailbox.clear()
    return event


def test_the_event_mail_gives_beijing_time_venue_seats_left_and_a_register_link(
        representative, meeting, send, mailbox):
    send("--event", str(meeting.id), "--audience", "members")
    (message,) = mailbox.to("rep@member.example")
    text, html = mailbox.text(message), mailbox.html(message)
    for part in (text, html):
        assert "2031年5月20日" in part and "14:30–17:30" in part and "北京时间" in part
        assert "大连软件园 8 号楼多功能厅" in part
        assert "剩余名额" in part and "39" in part  # 40 seats, one held by the guest
        assert "邀请会员企业交流跨境数据合规经验" in part
    register = f"{SITE}/events/{meeting.id}#registration"
    assert register in text and f'href="{register}"' in html
    assert f"event-{meeting.id}.ics" in text


def test_an_event_mailing_carries_the_events_calendar_file(app, meeting):
    from portal.mailings.messages import render_mailing
    from portal.mailings.services import create_mailing

    with app.test_request_context(base_url=SITE):
        mailing = create_mailing(None, audience="members", event_id=meeting.id)
        rendered = render_mailing(mailing, "en")
        db.session.rollback()
    (attachment,) = rendered.attachments
    assert attachment.filename == f"event-{meeting.id}.ics" and attachment.mimetype == "text/calendar"
    (entry,) = icalendar.Calendar.from_ical(attachment.data).walk("VEVENT")
    assert str(entry["summary"]) == "数字贸易沙龙"
    assert entry.decoded("dtstart") == datetime(2031, 5, 20, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "大连软件园 8 号楼多功能厅" in str(entry["location"])
    assert str(entry["url"]) == f"{SITE}/events/{meeting.id}"


def test_bulletin_and_notice_mailings_carry_no_attachment(app, make_bulletin):
    from portal.mailings.messages import render_mailing
    from portal.mailings.services import create_mailing

    bulletin_id = make_bulletin()
    with app.test_request_context(base_url=SITE):
        for fields in ({"bulletin_id": bulletin_id}, {"subject": "年会通知", "body": "请各会员单位准时参加。"}):
            assert render_mailing(create_mailing(None, audience="members", **fields), "zh").attachments == ()
        db.session.rollback()


def test_a_notice_mail_shows_its_body_sanitised(app, representative, mailbox):
    from portal import unit_of_work
    from portal.mailings.models import Mailing
    from portal.mailings.services import start_mailing

    def notice():
        # Written straight to the table, past the form's cleaning: the message cleans it again.
        mailing = Mailing(source="notice", audience="members", subject="关于年会的通知",
                          body_html='<p onclick="steal()">请准时参加<script>steal()</script>'
                                    '<a href="javascript:steal()">报名</a></p>')
        db.session.add(mailing)
        db.session.flush()
        start_mailing(None, mailing)

    with app.test_request_context(base_url=SITE):
        unit_of_work.run(notice)
    (message,) = mailbox.to("rep@member.example")
    html = mailbox.html(message)
    assert "请准时参加" in html and "报名" in html
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert "请准时参加" in mailbox.text(message) and "steal" not in mailbox.text(message)
    assert str(message["Subject"]) == "关于年会的通知"


def test_the_html_part_is_styled_by_attributes_made_from_the_stylesheet(
        app, representative, make_bulletin, send, mailbox):
    send("--bulletin", str(make_bulletin()), "--audience", "members")
    (message,) = mailbox.to("rep@member.example")
    html = mailbox.html(message)
    assert "<style" not in html.lower() and "<link" not in html.lower()  # nothing a mail client drops
    elements = Elements(html)
    assert stylesheet_rule(".mail") <= declarations(elements.with_class("mail")["style"])
    assert stylesheet_rule(".footer") <= declarations(elements.with_class("footer")["style"])
    for tag, attrs in elements.found:
        if tag in ("body", "h1", "h2", "p", "a"):
            assert attrs.get("style"), (tag, attrs)
    # The placeholder of the recipient's link came through inlining: the footer links to their page.
    link = message["List-Unsubscribe"].strip("<>")
    assert any(tag == "a" and attrs.get("href") == link for tag, attrs in elements.found)


def test_no_mail_template_writes_styles_by_hand():
    for template in EMAIL_TEMPLATES.glob("*.html"):
        assert "style=" not in template.read_text(), template.name


def test_transactional_mail_is_styled_from_the_same_stylesheet(client, make_user, mailbox):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    (message,) = mailbox.to(user.email)
    html = mailbox.html(message)
    assert "<style" not in html.lower()
    assert stylesheet_rule(".mail") <= declarations(Elements(html).with_class("mail")["style"])


def test_a_chinese_subject_and_sender_name_travel_encoded_and_read_back(app, representative, make_bulletin, send,
                                                                        mailbox):
    app.config["SITE_NAME"] = "大连市数字贸易协会"
    bulletin_id = make_bulletin()
    send("--bulletin", str(bulletin_id), "--audience", "members")
    (message,) = mailbox.to("rep@member.example")
    raw = dict(message.raw_items())  # the header lines as the SMTP server received them
    for name in ("Subject", "From"):
        assert raw[name].isascii() and "=?utf-8?" in raw[name].lower(), raw[name]
    title, _articles = bulletin_articles(app, bulletin_id)
    assert str(message["Subject"]) == f"会刊：{title}"
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("大连市数字贸易协会", app.config["MAIL_SENDER"])
    assert abs(parsedate_to_datetime(raw["Date"]) - utcnow()) < timedelta(minutes=5)
    assert str(message["Message-ID"]).strip("<>").rpartition("@")[2] == "portal.example.org"
    assert message.defects == [] and message["Subject"].defects == () and message["From"].defects == ()
