"""Staff compose a short issue in the browser (a spotlight from a picked firm, figures), preview it, publish it."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import give_second_factor
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_staff_compose_preview_and_publish_a_short_issue(phone, live_server, make_user, make_firm, app):
    make_firm("大连星海软件有限公司", tier="council", slug="xinghai", website="https://xinghai.example.cn",
              summary="星海软件为日本客户开发软件。")
    staff = make_user("staff")
    phone.set_viewport_size({"width": 1024, "height": 900})  # staff compose on a desk
    phone.goto(f"{live_server}/auth/login?next=/staff/bulletins/")
    phone.fill("input[name=email]", staff.email)
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("#login-form [type=submit]").click()
    give_second_factor(phone, app, staff.email)
    phone.wait_for_url("**/staff/bulletins/", wait_until="domcontentloaded")

    phone.locator("#new-bulletin-link").click()
    phone.fill("input[name=title]", "数字贸易月报 2031 年 5 月")
    phone.fill("input[name=year]", "2031")
    phone.fill("input[name=month]", "5")
    phone.locator("#new-bulletin-form [type=submit]").click()
    expect(phone.locator("#bulletin-status")).to_have_text("草稿")

    spotlight = phone.locator("section[aria-label='会员风采']")
    spotlight.locator("summary").click()
    spotlight.locator("input[name$='-firm']").last.fill("星海")
    spotlight.get_by_role("button", name="添加文章").click()
    spotlight = phone.locator("section[aria-label='会员风采']")
    expect(spotlight.locator(".spotlight-summary")).to_contain_text("https://xinghai.example.cn")

    report = phone.locator("section[aria-label='数据月报']")
    report.locator("summary").click()
    report.locator("input[name$='-title']").last.fill("五月数据")
    report.get_by_role("button", name="添加文章").click()
    report = phone.locator("section[aria-label='数据月报']")
    report.get_by_label("名称 1").fill("日本")
    report.get_by_label("数值 1").fill("25394")
    report.get_by_label("单位 1").fill("万美元")
    report.get_by_label("名称 2").fill("欧盟")
    report.get_by_label("数值 2").fill("21283")
    report.get_by_label("单位 2").fill("万美元")
    report.get_by_role("button", name="保存数据").click()
    expect(phone.locator(".alert-success")).to_contain_text("数据已保存")

    phone.locator("#preview-link").click()
    expect(phone.locator("#preview-banner")).to_be_visible()
    expect(phone.locator("svg.figure-chart")).to_contain_text("欧盟")
    phone.get_by_role("link", name="返回编辑").click()
    phone.locator("#publish-form [type=submit]").click()
    expect(phone.locator("#bulletin-status")).to_have_text("已发布")
    phone.get_by_role("link", name="公开页面").click()
    expect(phone.locator("main")).to_contain_text("星海软件为日本客户开发软件。")
    expect(phone.get_by_role("link", name="会员资料：大连星海软件有限公司")).to_be_visible()
    assert phone.console_errors == []
