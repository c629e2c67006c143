"""On a phone: a visitor searches 大连 and opens a firm; a representative edits and sees it pending."""
import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_visitor_searches_the_directory_and_opens_a_firm(phone, live_server, make_firm):
    make_firm("大连文思海辉软件有限公司", "vice_president", slug="wenshi", summary="全球 IT 服务企业")
    make_firm("沈阳示例有限公司", slug="shenyang")
    phone.goto(f"{live_server}/members/")
    phone.fill("input[name=q]", "大连")
    phone.locator("#directory-search [type=submit]").click()
    expect(phone.locator("main")).to_contain_text("大连文思海辉软件有限公司")
    expect(phone.locator("main")).not_to_contain_text("沈阳示例有限公司")
    phone.get_by_role("link", name="大连文思海辉软件有限公司").click()
    expect(phone.locator("h1")).to_have_text("大连文思海辉软件有限公司")
    expect(phone.locator("main")).to_contain_text("副会长单位")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_representative_edits_the_profile_and_sees_it_pending(phone, live_server, make_user):
    rep = make_user("member")
    phone.goto(f"{live_server}/auth/login?next=/members/{rep.firm_slug}/edit")
    phone.fill("input[name=email]", rep.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    phone.wait_for_url(f"**/members/{rep.firm_slug}/edit", wait_until="domcontentloaded")
    phone.fill("input[name=summary]", "新的一句话简介")
    phone.locator("#profile-form [type=submit]").click()
    expect(phone.locator("#revision-state")).to_contain_text("等待协会审核")
    phone.goto(f"{live_server}/members/{rep.firm_slug}")
    expect(phone.locator("main")).not_to_contain_text("新的一句话简介")
