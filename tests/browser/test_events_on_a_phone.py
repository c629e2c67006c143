"""On a phone: a visitor registers, sees the seats left drop, confirms from the email, sees it confirmed."""
import re

import pytest
from playwright.sync_api import expect

from tests.events.conftest import make_event  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def test_visitor_registers_confirms_from_the_email_and_sees_the_ticket(phone, live_server, make_event, mailbox):
    event = make_event(title="数字贸易政策解读培训", capacity=5)
    phone.goto(f"{live_server}{event.url}")
    expect(phone.locator("#seats-left")).to_have_text("剩余 5 个座位")
    phone.fill("input[name=name]", "王小明")
    phone.fill("input[name=email]", "wang@example.org")
    phone.fill("input[name=organisation]", "大连示例科技有限公司")
    phone.check("input[name=consent]")
    phone.locator("#register-form [type=submit]").click()
    expect(phone.locator("#seats-left")).to_have_text("剩余 4 个座位")
    expect(phone.locator("main .alert")).to_contain_text("wang@example.org")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    (message,) = mailbox.to("wang@example.org")
    link = re.search(r"https://portal\.example\.org(/events/r/\S+)", mailbox.text(message)).group(1)
    phone.goto(f"{live_server}{link}")
    expect(phone.locator("#registration-status")).to_have_text("待邮件确认")
    phone.locator("#confirm-form [type=submit]").click()
    expect(phone.locator("#registration-status")).to_have_text("已确认")
    expect(phone.locator("#ticket img")).to_be_visible()
    expect(phone.locator("#ticket-code")).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.console_errors == []
