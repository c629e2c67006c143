"""In the browser: staff compose, preview and send a bulletin mailing; a visitor subscribes on a phone."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import give_second_factor
from tests.conftest import PASSWORD
from tests.mailings.conftest import make_bulletin, subscriber  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_staff_compose_preview_and_send_a_bulletin_mailing(phone, live_server, app, make_user, make_bulletin,
                                                           subscriber, mailbox):
    from portal.bulletins.models import Bulletin
    from portal.extensions import db

    bulletin_id = make_bulletin()
    with app.app_context():
        title = db.session.get(Bulletin, bulletin_id).title
    make_user("member", email="rep@member.example")
    subscriber("reader@example.org")
    mailbox.clear()
    staff = make_user("staff")
    phone.set_viewport_size({"width": 1024, "height": 900})  # staff write mailings at a desk
    phone.goto(f"{live_server}/auth/login?next=/staff/mailings/")
    phone.fill("input[name=email]", staff.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    give_second_factor(phone, app, staff.email)
    phone.wait_for_url("**/staff/mailings/", wait_until="domcontentloaded")

    phone.locator("#new-mailing").click()
    phone.get_by_label("会刊", exact=True).check()
    phone.select_option("select[name=bulletin]", str(bulletin_id))
    phone.get_by_label("会员与订阅者").check()
    phone.locator("#compose-form [type=submit]").click()
    expect(phone.locator("#mailing-status")).to_have_text("草稿")
    expect(phone.locator("#mailing-recipients")).to_contain_text("2")
    # Both parts, in the staff member's language; the HTML part in its sandboxed frame.
    expect(phone.locator("#preview-text")).to_contain_text(title)
    expect(phone.frame_locator("#preview-html").locator("h1")).to_have_text(title)
    assert phone.locator("#preview-html").get_attribute("sandbox") == ""

    phone.locator("#test-form [type=submit]").click()
    expect(phone.locator("main .alert-success")).to_contain_text(staff.email)
    (test_copy,) = mailbox.messages
    assert test_copy["To"] == staff.email and title in mailbox.text(test_copy)

    phone.locator("#launch-form [name=send_now]").click()
    expect(phone.locator("#mailing-status")).to_have_text("发送中")
    expect(phone.locator("#count-sent")).to_have_text("2")
    assert sorted(m["To"] for m in mailbox.messages[1:]) == ["reader@example.org", "rep@member.example"]
    assert all(title in mailbox.text(m) for m in mailbox.messages)
    phone.get_by_role("link", name="全部群发邮件").click()
    expect(phone.locator("#mailings")).to_contain_text(title)
    assert phone.console_errors == []


def test_a_visitor_subscribes_on_a_phone_and_confirms_from_the_email(phone, live_server, app, mailbox):
    from portal.extensions import db
    from portal.mailings.models import Subscriber

    phone.goto(f"{live_server}/subscribe")
    assert phone.evaluate("window.innerWidth") == 375
    phone.fill("input[name=email]", "Reader@Example.org")
    phone.check("input[name=consent]")
    phone.locator("#subscribe-form [type=submit]").click()
    expect(phone.locator("#subscribe-sent")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    (message,) = mailbox.to("reader@example.org")
    link = re.search(r"https://portal\.example\.org(/subscribe/\S+)", mailbox.text(message)).group(1)
    phone.goto(f"{live_server}{link}")
    expect(phone.locator("main")).to_contain_text("reader@example.org")
    with app.app_context():  # opening the link confirms nothing: the button does
        assert db.session.scalar(db.select(Subscriber.confirmed_at)) is None
    phone.locator("#confirm-form [type=submit]").click()
    expect(phone.locator("#subscription-confirmed")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with app.app_context():
        assert db.session.scalar(db.select(Subscriber.confirmed_at)) is not None
    assert phone.console_errors == []
