"""Staff compose a mailing, preview it, send themselves a test, send or schedule it, pause, resume, cancel."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.mailings.models import Mailing, MailingRecipient
from portal.mailings.states import MailingStatus
from tests.mailings.conftest import make_bulletin, make_event, subscriber  # noqa: F401  (fixtures)

ROLES = [None, "visitor", "member", "staff", "admin"]


def compose(staff, **fields):
    """Fill the compose form as staff do; only what is given is sent beside the defaults."""
    data = {"source": "bulletin", "bulletin": "", "event": "", "subject": "", "body": "", "audience": "members",
            "tier": "", "industry": ""}
    return staff.submit("/staff/mailings/new", {**data, **fields})


def created(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.fullmatch(r"/staff/mailings/(\d+)", response.headers["Location"]).group(1))


def the_mailing(app, mailing_id: int) -> Mailing:
    with app.app_context():
        mailing = db.session.get(Mailing, mailing_id)
        db.session.expunge(mailing)
        return mailing


def audit_actions(app, mailing_id: int) -> list[str]:
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.target == f"mailing:{mailing_id}")
                                  .order_by(AuditEntry.id)).all()


def recipients(app, mailing_id: int) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(db.select(MailingRecipient.address)
                                         .where(MailingRecipient.mailing_id == mailing_id)))


def addresses(mailbox) -> list[str]:
    return sorted(m["To"] for m in mailbox.messages)


def bulletin_title(app, bulletin_id: int) -> str:
    from portal.bulletins.models import Bulletin

    with app.app_context():
        return db.session.get(Bulletin, bulletin_id).title


@pytest.fixture
def staff(login_as):
    return login_as("staff")


@pytest.fixture
def readers(make_user, subscriber, mailbox):
    """Two member representatives and a confirmed subscriber; the mailbox emptied of their sign-up mail."""
    make_user("member", email="rep@member.example")
    make_user("member", email="boss@president.example")
    subscriber("reader@example.org")
    mailbox.clear()
    return ["boss@president.example", "reader@example.org", "rep@member.example"]


@pytest.fixture
def drafted(app, staff, make_bulletin):
    """A draft mailing of a public bulletin to everyone; returns its id."""
    return created(compose(staff, bulletin=str(make_bulletin()), audience="everyone"))


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_open_the_mailing_pages(app, login_as, make_bulletin, role):
    with app.test_request_context():
        from portal.mailings.services import create_mailing

        mailing_id = create_mailing(None, audience="members", bulletin_id=make_bulletin()).id
        db.session.commit()
    person = login_as(role)
    for path in ("/staff/mailings/", "/staff/mailings/new", f"/staff/mailings/{mailing_id}",
                 f"/staff/mailings/{mailing_id}/preview"):
        response = person.get(path)
        expected = 200 if role in ("staff", "admin") else 302 if role is None else 403
        assert response.status_code == expected, path
    if role not in ("staff", "admin"):
        assert person.post(f"/staff/mailings/{mailing_id}/send", data={"send_now": "y"}).status_code in (302, 400, 403)
        assert the_mailing(app, mailing_id).status == MailingStatus.DRAFT


def test_staff_compose_a_mailing_of_a_published_bulletin(app, staff, make_bulletin):
    bulletin_id = make_bulletin()
    mailing_id = created(compose(staff, bulletin=str(bulletin_id), audience="everyone"))
    mailing = the_mailing(app, mailing_id)
    assert (mailing.source, mailing.bulletin_id, mailing.audience, mailing.status) == (
        "bulletin", bulletin_id, "everyone", MailingStatus.DRAFT)
    assert audit_actions(app, mailing_id) == ["mailing.created"]
    listing = staff.get("/staff/mailings/").get_data(as_text=True)
    assert bulletin_title(app, bulletin_id) in listing and f"/staff/mailings/{mailing_id}" in listing


def test_staff_compose_a_mailing_of_a_published_event_narrowed_by_tier_and_industry(app, staff, make_event):
    event = make_event(title="数字贸易沙龙")
    mailing_id = created(compose(staff, source="event", event=str(event.id), tier="president", industry="software"))
    mailing = the_mailing(app, mailing_id)
    assert (mailing.source, mailing.event_id, mailing.tier, mailing.industry) == (
        "event", event.id, "president", "software")
    assert "数字贸易沙龙" in staff.get(f"/staff/mailings/{mailing_id}").get_data(as_text=True)


def test_staff_write_a_notice_whose_text_is_sanitised(app, staff):
    body = '<p onclick="x()">年会<script>alert(1)</script> <a href="javascript:y()">改期</a></p>'
    mailing_id = created(compose(staff, source="notice", subject="  协会 通知 ", audience="subscribers", body=body))
    mailing = the_mailing(app, mailing_id)
    assert mailing.subject == "协会 通知"
    assert "script" not in mailing.body_html and "onclick" not in mailing.body_html
    assert "javascript" not in mailing.body_html and "年会" in mailing.body_html


def test_the_compose_form_opens_with_the_bulletin_or_event_named_in_the_address(staff, make_bulletin, make_event):
    bulletin_id, event = make_bulletin(), make_event()
    page = staff.get(f"/staff/mailings/new?bulletin={bulletin_id}").get_data(as_text=True)
    assert re.search(rf'<option[^>]*selected[^>]*value="{bulletin_id}"|<option[^>]*value="{bulletin_id}"[^>]*selected',
                     page)
    page = staff.get(f"/staff/mailings/new?event={event.id}").get_data(as_text=True)
    assert re.search(rf'value="{event.id}"[^>]*selected|selected[^>]*value="{event.id}"', page)
    assert re.search(r'value="event"[^>]*checked|checked[^>]*value="event"', page)


@pytest.mark.parametrize("fields, says", [
    # create_mailing's own word: a text that is nothing once sanitised is no text.
    ({"source": "notice", "subject": "通知", "body": "<script>alert(1)</script>"},
     "a notice needs a subject and a text"),
    ({"source": "bulletin"}, "Choose the bulletin to announce"),
    ({"source": "event"}, "Choose the event to announce"),
    ({"source": "notice", "subject": "通知", "body": "正文", "audience": "all"}, "Not a valid choice"),
    ({"source": "notice", "subject": "通知", "body": "正文", "tier": "gold"}, "Not a valid choice"),
])
def test_bad_input_comes_back_with_the_reason_and_makes_no_mailing(app, staff, fields, says):
    response = staff.submit("/staff/mailings/new?lang=en", fields, page="/staff/mailings/new?lang=en")
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Mailing)).all() == []


def test_a_members_only_bulletin_cannot_be_composed_for_subscribers(app, staff, make_bulletin):
    response = compose(staff, bulletin=str(make_bulletin("members")), audience="subscribers")
    assert response.status_code == 400
    assert "只发给会员代表" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Mailing)).all() == []


def test_the_preview_shows_the_bulletin_in_both_parts_and_its_html_runs_sandboxed(app, staff, make_bulletin):
    bulletin_id = make_bulletin()
    title = bulletin_title(app, bulletin_id)
    mailing_id = created(compose(staff, bulletin=str(bulletin_id)))
    page = staff.get(f"/staff/mailings/{mailing_id}").get_data(as_text=True)
    text_part = re.search(r'<pre[^>]*id="preview-text"[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert title in text_part and "/unsubscribe/sample" in text_part
    assert re.search(rf'<iframe sandbox src="/staff/mailings/{mailing_id}/preview"', page)
    html_part = staff.get(f"/staff/mailings/{mailing_id}/preview")
    assert html_part.status_code == 200 and title in html_part.get_data(as_text=True)
    assert "__portal_unsubscribe_link__" not in html_part.get_data(as_text=True) + page
    policy = html_part.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert "script-src" not in policy and html_part.headers["X-Frame-Options"] == "SAMEORIGIN"
    # Every other page keeps the site's own policy: no framing at all.
    assert staff.get(f"/staff/mailings/{mailing_id}").headers["X-Frame-Options"] == "DENY"


def test_the_preview_is_in_the_staff_members_language(staff, make_bulletin):
    mailing_id = created(compose(staff, bulletin=str(make_bulletin())))
    assert "会刊：" in staff.get(f"/staff/mailings/{mailing_id}").get_data(as_text=True)
    english = staff.get(f"/staff/mailings/{mailing_id}?lang=en").get_data(as_text=True)
    assert "Bulletin: " in english


def test_a_test_copy_reaches_the_staff_member_alone_and_fixes_no_recipients(app, staff, readers, drafted, mailbox):
    page = f"/staff/mailings/{drafted}"
    assert staff.submit(f"{page}/test", {}, page=page).status_code == 302
    (message,) = mailbox.messages
    assert message["To"] == staff.user.email
    assert message["List-Unsubscribe"].startswith("<https://portal.example.org/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "会刊：" in message["Subject"] and "<html" in mailbox.html(message)
    assert recipients(app, drafted) == []
    assert the_mailing(app, drafted).status == MailingStatus.DRAFT
    assert audit_actions(app, drafted) == ["mailing.created", "mailing.test_sent"]


def test_the_page_says_how_many_it_will_reach_and_send_now_queues_one_copy_each(app, staff, readers, drafted,
                                                                                  mailbox):
    page = f"/staff/mailings/{drafted}"
    assert "3" in re.search(r'id="mailing-recipients">(.*?)</p>', staff.get(page).get_data(as_text=True)).group(1)
    assert staff.submit(f"{page}/send", {"send_now": "y"}, page=page).status_code == 302
    assert addresses(mailbox) == readers
    assert recipients(app, drafted) == readers
    assert the_mailing(app, drafted).status == MailingStatus.STARTED
    assert audit_actions(app, drafted) == ["mailing.created", "mailing.started"]
    shown = staff.get(page).get_data(as_text=True)
    assert re.search(r'id="count-sent">3<', shown) and re.search(r'<progress[^>]*max="3"[^>]*value="3"', shown)
    assert "data-refresh-seconds" not in shown  # nothing left to go out
    # Started once, it cannot start again.
    assert staff.submit(f"{page}/send", {"send_now": "y"}, page=page).status_code == 302
    assert len(mailbox.messages) == 3


def test_send_at_a_beijing_time_schedules_it_in_utc(app, staff, readers, drafted, mailbox):
    page = f"/staff/mailings/{drafted}"
    response = staff.submit(f"{page}/send", {"send_at": "2031-07-08T14:00", "schedule": "y"}, page=page)
    assert response.status_code == 302
    mailing = the_mailing(app, drafted)
    assert mailing.status == MailingStatus.SCHEDULED
    assert mailing.send_at.isoformat() == "2031-07-08T06:00:00+00:00"
    assert mailbox.messages == [] and recipients(app, drafted) == []
    assert audit_actions(app, drafted)[-1] == "mailing.scheduled"
    assert "mailing-send-at" in staff.get(page).get_data(as_text=True)


@pytest.mark.parametrize("fields, says", [
    ({"send_at": "2020-01-01T09:00", "schedule": "y"}, "That time has passed"),
    ({"send_at": "", "schedule": "y"}, "Give the time to send it at"),
    ({"send_at": "0001-01-01T00:00", "schedule": "y"}, "Enter a date between the years"),
    ({"send_at": "tomorrow", "schedule": "y"}, "Not a valid datetime value"),
])
def test_a_time_to_send_at_that_cannot_be_comes_back_with_the_reason(app, staff, drafted, mailbox, fields, says):
    page = f"/staff/mailings/{drafted}?lang=en"
    response = staff.submit(f"/staff/mailings/{drafted}/send?lang=en", fields, page=page)
    assert response.status_code == 400 and says in response.get_data(as_text=True)
    assert the_mailing(app, drafted).status == MailingStatus.DRAFT and mailbox.messages == []


def test_staff_pause_resume_and_cancel_a_mailing_and_each_step_is_audited(app, staff, readers, drafted, mailbox):
    from portal.mail.models import OutboxMessage

    app.config["MAIL_SERVER"] = ""  # no server: the messages wait in the outbox
    page = f"/staff/mailings/{drafted}"
    staff.submit(f"{page}/send", {"send_now": "y"}, page=page)
    shown = staff.get(page).get_data(as_text=True)
    assert re.search(r'id="count-queued">3<', shown) and 'data-refresh-seconds="5"' in shown
    assert 'src="/static/js/refresh-while-running.js?v=' in shown and "pause-form" in shown
    paused = staff.submit(f"{page}/pause", {}, page=page, follow_redirects=True).get_data(as_text=True)
    assert "已暂停：3 封邮件等待您恢复发送。" in paused
    assert the_mailing(app, drafted).status == MailingStatus.PAUSED
    with app.app_context():
        assert db.session.scalars(db.select(OutboxMessage.held)
                                  .where(OutboxMessage.reference == f"mailing:{drafted}")).all() == [True] * 3
    assert "resume-form" in staff.get(page).get_data(as_text=True)
    staff.submit(f"{page}/resume", {}, page=page)
    assert the_mailing(app, drafted).status == MailingStatus.STARTED
    staff.submit(f"{page}/cancel", {}, page=page)
    assert the_mailing(app, drafted).status == MailingStatus.CANCELLED
    with app.app_context():
        assert db.session.scalars(db.select(OutboxMessage)
                                  .where(OutboxMessage.reference == f"mailing:{drafted}")).all() == []
    assert audit_actions(app, drafted) == ["mailing.created", "mailing.started", "mailing.paused",
                                           "mailing.resumed", "mailing.cancelled"]
    # A second cancel is refused with a word, not an error page.
    response = staff.submit(f"{page}/cancel", {}, page=page)
    assert response.status_code == 302
    assert "cancelled already" in staff.get(page).get_data(as_text=True)


def test_progress_counts_who_unsubscribed_or_bounced_since_it_started(app, staff, make_user, make_bulletin):
    from portal.mailings.models import Suppression
    from portal.mailings.progress import mailing_progress
    from portal.mailings.subscriptions import mark_bouncing, unsubscribe

    for address in ("rep@member.example", "gone@member.example", "early@member.example"):
        make_user("member", email=address)
    mailing_id = created(compose(staff, bulletin=str(make_bulletin())))
    staff.submit(f"/staff/mailings/{mailing_id}/send", {"send_now": "y"}, page=f"/staff/mailings/{mailing_id}")
    with app.app_context():
        mailing = db.session.get(Mailing, mailing_id)
        unsubscribe("rep@member.example")
        mark_bouncing("gone@member.example")
        # Refused before this mailing started: another mailing's bounce, not this one's.
        db.session.add(Suppression(address="early@member.example", reason="bouncing",
                                   created_at=mailing.started_at - timedelta(days=1)))
        db.session.commit()
        progress = mailing_progress(mailing)
    assert (progress.sent, progress.queued, progress.unsubscribed, progress.bounced) == (3, 0, 1, 1)
    shown = staff.get(f"/staff/mailings/{mailing_id}").get_data(as_text=True)
    assert re.search(r'id="count-unsubscribed">1<', shown) and re.search(r'id="count-bounced">1<', shown)


def test_publishing_an_event_announces_it_in_the_same_step(app, staff, readers, make_event, mailbox):
    event = make_event(title="跨境电商论坛", publish=False)
    page = f"/staff/events/{event.id}"
    assert 'value="subscribers"' in staff.get(page).get_data(as_text=True)
    response = staff.submit(f"{page}/publish", {"announce": "everyone"}, page=page)
    assert response.status_code == 302
    assert addresses(mailbox) == readers
    assert all("跨境电商论坛" in mailbox.text(m) for m in mailbox.messages)
    with app.app_context():
        (mailing,) = db.session.scalars(db.select(Mailing)).all()
        assert (mailing.event_id, mailing.audience, mailing.status) == (event.id, "everyone", MailingStatus.STARTED)
    assert f'href="/staff/mailings/new?event={event.id}"' in staff.get(page).get_data(as_text=True)


def test_publishing_a_members_only_event_offers_members_alone(app, staff, readers, make_event, mailbox):
    from portal.events.models import Event

    event = make_event(publish=False, audience="members")
    page = f"/staff/events/{event.id}"
    shown = staff.get(page).get_data(as_text=True)
    assert 'value="members"' in shown and 'value="subscribers"' not in shown and 'value="everyone"' not in shown
    staff.submit(f"{page}/publish", {"announce": "subscribers"}, page=page)
    with app.app_context():
        assert db.session.get(Event, event.id).status == "draft"
        assert db.session.scalars(db.select(Mailing)).all() == []
    staff.submit(f"{page}/publish", {"announce": "members"}, page=page)
    assert addresses(mailbox) == ["boss@president.example", "rep@member.example"]


def test_publishing_without_an_announcement_sends_nothing(app, staff, readers, make_event, mailbox):
    event = make_event(publish=False)
    staff.submit(f"/staff/events/{event.id}/publish", {}, page=f"/staff/events/{event.id}")
    assert mailbox.messages == []
    with app.app_context():
        assert db.session.scalars(db.select(Mailing)).all() == []


@pytest.fixture
def draft_bulletin(app):
    """Return a factory of draft bulletins (import only); each returns its id."""
    from portal.bulletins.importer import import_bulletin
    from tests.mailings.conftest import SAMPLE

    def make(audience: str = "public") -> int:
        with app.test_request_context():
            bulletin = import_bulletin(None, "bulletin.txt", SAMPLE.read_bytes(), period=(2023, 3), audience=audience)
            db.session.commit()
            return bulletin.id

    return make


def test_publishing_a_bulletin_announces_it_in_the_same_step(app, staff, readers, draft_bulletin, mailbox):
    from portal.bulletins.models import Bulletin

    bulletin_id = draft_bulletin()
    page = f"/staff/bulletins/{bulletin_id}"
    response = staff.submit(f"{page}/publish", {"announce": "subscribers"}, page=page)
    assert response.status_code == 302
    assert addresses(mailbox) == ["reader@example.org"]
    assert bulletin_title(app, bulletin_id) in mailbox.text(mailbox.messages[0])
    with app.app_context():
        assert db.session.get(Bulletin, bulletin_id).is_published
        (mailing,) = db.session.scalars(db.select(Mailing)).all()
        assert (mailing.bulletin_id, mailing.audience) == (bulletin_id, "subscribers")
    assert 'href="/staff/mailings/new?bulletin=' in staff.get(page).get_data(as_text=True)


def test_a_members_only_bulletin_is_published_with_an_announcement_to_members_only(app, staff, readers,
                                                                                     draft_bulletin, mailbox):
    from portal.bulletins.models import Bulletin

    bulletin_id = draft_bulletin("members")
    page = f"/staff/bulletins/{bulletin_id}"
    assert 'value="everyone"' not in staff.get(page).get_data(as_text=True)
    staff.submit(f"{page}/publish", {"announce": "everyone"}, page=page)
    with app.app_context():
        assert not db.session.get(Bulletin, bulletin_id).is_published
    assert mailbox.messages == []
    staff.submit(f"{page}/publish", {"announce": "members"}, page=page)
    assert addresses(mailbox) == ["boss@president.example", "rep@member.example"]
