"""A person logs in and out on a 375 px wide phone, in Chinese and in English."""
import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang, login_label, logout_label, html_lang", [
    ("zh", "登录", "退出", "zh-CN"),
    ("en", "Log in", "Log out", "en"),
])
def test_member_logs_in_and_out_on_a_phone(phone, live_server, make_user, lang, login_label,
                                           logout_label, html_lang):
    user = make_user("member", name="张会员")
    phone.goto(f"{live_server}/?lang={lang}")
    assert phone.locator("html").get_attribute("lang") == html_lang
    # On a phone the menu is folded behind the toggler; it takes Bootstrap's script to open it.
    login_link = phone.get_by_role("link", name=login_label, exact=True)
    expect(login_link).to_be_hidden()
    phone.locator(".navbar-toggler").click()
    expect(login_link).to_be_visible()
    expect(phone.locator("#nav-main")).not_to_have_class("collapsing")
    login_link.click()
    phone.wait_for_url("**/auth/login")
    phone.fill("input[name=email]", user.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    phone.wait_for_url(f"{live_server}/")
    phone.locator(".navbar-toggler").click()
    expect(phone.get_by_text("张会员")).to_be_visible()
    no_horizontal_scroll = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_horizontal_scroll
    expect(phone.locator("#nav-main")).not_to_have_class("collapsing")
    phone.get_by_role("button", name=logout_label).click()
    expect(phone.get_by_text("张会员")).to_have_count(0)
    assert phone.console_errors == []  # the CSP blocked nothing the page needed


def test_wrong_password_shows_the_error_on_a_phone(phone, live_server, make_user):
    user = make_user("member")
    phone.goto(f"{live_server}/auth/login?lang=en")
    phone.fill("input[name=email]", user.email)
    phone.fill("input[name=password]", "not it")
    phone.locator("#login-form [type=submit]").click()
    expect(phone.get_by_text("Wrong email or password.")).to_be_visible()
