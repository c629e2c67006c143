"""Staff import an issue, check it beside its source text, publish it; a visitor then reads it."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import give_second_factor
from tests.bulletins.conftest import SAMPLE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_staff_review_and_publish_an_issue_in_the_browser(phone, live_server, make_user, app):
    staff = make_user("staff")
    phone.set_viewport_size({"width": 1024, "height": 900})  # staff review on a desk
    phone.goto(f"{live_server}/auth/login?next=/staff/bulletins/")
    phone.fill("input[name=email]", staff.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    give_second_factor(phone, app, staff.email)
    phone.wait_for_url("**/staff/bulletins/", wait_until="domcontentloaded")
    phone.set_input_files("input[name=file]", str(SAMPLE))
    phone.fill("input[name=period]", "2022-07")
    phone.locator("#import-form [type=submit]").click()
    phone.locator("#import-result").click()  # the import page, once the worker has read the file
    expect(phone.locator("#bulletin-status")).to_have_text("草稿")
    expect(phone.locator("#warnings")).to_contain_text("中电文思海辉")
    expect(phone.locator("pre.source-text")).to_contain_text("会员风采")
    title = phone.locator("input[name$='-title'][value='DEPA']")
    title.fill("DEPA 知多少")
    title.locator("xpath=ancestor::form").locator("[type=submit]").click()
    expect(phone.locator("input[value='DEPA 知多少']")).to_be_visible()
    phone.locator("#publish-form [type=submit]").click()
    expect(phone.locator("#bulletin-status")).to_have_text("已发布")
    phone.get_by_role("link", name="公开页面").click()
    expect(phone.locator("main")).to_contain_text("DEPA 知多少")
    expect(phone.locator("svg.figure-chart")).to_be_visible()
    expect(phone.get_by_role("link", name="会员资料：中电文思海辉")).to_be_visible()
