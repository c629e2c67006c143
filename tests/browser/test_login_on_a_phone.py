"""A person logs in and out on a 375 px wide phone, in Chinese and in English."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def open_menu(phone):
    """Open the folded phone menu; it takes Bootstrap's script, served from this site."""
    phone.locator(".navbar-toggler").click()
    expect(phone.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))


@pytest.mark.parametrize("lang, login_label, logout_label, html_lang", [
    ("zh", "登录", "退出", "zh-CN"),
    ("en", "Log in", "Log out", "en"),
])
def test_member_logs_in_and_out_on_a_phone(phone, live_server, make_user, lang, login_label,
                                           logout_label, html_lang):
    user = make_user("member", name="张会员")
    phone.goto(f"{live_server}/?lang={lang}")
    assert phone.locator("html").get_attribute("lang") == html_lang
    login_link = phone.get_by_role("link", name=login_label, exact=True)
    expect(login_link).to_be_hidden()
    open_menu(phone)
    expect(login_link).to_be_visible()
    login_link.click()
    phone.wait_for_url("**/auth/login", wait_until="domcontentloaded")
    phone.fill("input[name=email]", user.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    phone.wait_for_url(f"{live_server}/", wait_until="domcontentloaded")
    open_menu(phone)
    expect(phone.get_by_text("张会员")).to_be_visible()
    no_horizontal_scroll = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_horizontal_scroll
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
