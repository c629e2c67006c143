"""On a phone: a firm applies at /join with its licence file and sees that the application is received."""
import pytest
from playwright.sync_api import expect

from tests.memberships.conftest import VALID_CODES, licence_jpeg

pytestmark = pytest.mark.browser


def test_an_applicant_fills_the_form_on_a_phone_with_the_licence_and_sees_the_confirmation(
        phone, live_server, mailbox, tmp_path):
    licence = tmp_path / "营业执照.jpg"
    licence.write_bytes(licence_jpeg())
    phone.goto(f"{live_server}/join")
    expect(phone.locator("h1")).to_have_text("申请入会")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.fill("input[name=name]", "大连星海数字科技有限公司")
    phone.fill("input[name=name_en]", "Dalian Xinghai Digital Technology Co., Ltd.")
    phone.fill("input[name=credit_code]", VALID_CODES[0].lower())  # a phone keyboard's lower case is fine
    phone.select_option("select[name=tier]", "council")
    phone.fill("input[name=website]", "https://xinghai.example.cn")
    phone.set_input_files("input[name=license]", str(licence))
    phone.fill("input[name=contact_name]", "李华")
    phone.fill("input[name=contact_email]", "li.hua@example.org")
    phone.fill("input[name=contact_phone]", "138 0000 0000")
    phone.check("input[name=consent]")
    phone.locator("#join-form [type=submit]").click()
    expect(phone.locator("main .alert-success")).to_contain_text("li.hua@example.org")
    expect(phone.locator("#application-status")).to_have_text("等待审核")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert len(mailbox.to("li.hua@example.org")) == 1
    assert phone.console_errors == []


def test_a_wrong_credit_code_is_explained_on_the_phone_and_the_form_keeps_what_was_typed(phone, live_server, tmp_path):
    licence = tmp_path / "licence.jpg"
    licence.write_bytes(licence_jpeg())
    phone.goto(f"{live_server}/join?lang=en")
    phone.fill("input[name=name]", "大连星海数字科技有限公司")
    phone.fill("input[name=credit_code]", VALID_CODES[0][:-1] + "4")
    phone.set_input_files("input[name=license]", str(licence))
    phone.fill("input[name=contact_name]", "李华")
    phone.fill("input[name=contact_email]", "li.hua@example.org")
    phone.fill("input[name=contact_phone]", "138 0000 0000")
    phone.check("input[name=consent]")
    phone.locator("#join-form [type=submit]").click()
    expect(phone.locator("#join-errors")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("last character does not match")
    expect(phone.locator("input[name=name]")).to_have_value("大连星海数字科技有限公司")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
