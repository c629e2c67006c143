"""Visitors browse and search the directory: tiers first, Chinese, English and pinyin."""
import pytest

from portal.extensions import db
from portal.members.models import Firm


@pytest.fixture
def firms(make_firm):
    return {
        "wenshi": make_firm("大连文思海辉软件有限公司", "vice_president", slug="wenshi",
                            name_en="Pactera Dalian", summary="IT 服务"),
        "ibm": make_firm("国际商业机器全球服务（大连）有限公司", "council", slug="ibm",
                         name_en="IBM Global Services (Dalian)", intro="IBM 在大连的中心"),
        "binhai": make_firm("滨海数字集团（示例）", "president", slug="binhai", industries=["software"]),
        "haiyun": make_firm("沈阳云数据有限公司", "member", slug="haiyun", intro="总部在海边的大连湾"),
    }


def slugs(page_html: str, firms) -> list[str]:
    """The firms a directory page lists, in the order it lists them."""
    positions = {slug: page_html.find(f'href="/members/{slug}"') for slug in firms}
    return [slug for slug, at in sorted(positions.items(), key=lambda item: item[1]) if at >= 0]


def test_directory_lists_higher_tiers_first(client, firms):
    page = client.get("/members/").get_data(as_text=True)
    assert slugs(page, firms) == ["binhai", "wenshi", "ibm", "haiyun"]
    assert page.index("会长单位") < page.index("副会长单位") < page.index("理事单位")


def test_directory_shows_tiers_in_english(client, firms):
    page = client.get("/members/?lang=en").get_data(as_text=True)
    assert "Vice President" in page and "Council Member" in page


@pytest.mark.parametrize("q, expected", [
    ("海", {"wenshi", "binhai", "haiyun"}),  # one character, anywhere in name or introduction
    ("大连", {"wenshi", "ibm", "haiyun"}),
    ("文思海辉", {"wenshi"}),
    ("ibm", {"ibm"}),
    ("IBM", {"ibm"}),
    ("wensi", {"wenshi"}),
    ("wshh", {"wenshi"}),
    ("不存在的词", set()),
])
def test_visitor_finds_firms_in_chinese_english_and_pinyin(client, firms, q, expected):
    page = client.get("/members/", query_string={"q": q}).get_data(as_text=True)
    assert set(slugs(page, firms)) == expected


def test_name_matches_come_before_introduction_matches(client, firms):
    page = client.get("/members/", query_string={"q": "大连"}).get_data(as_text=True)
    found = slugs(page, firms)
    assert found.index("haiyun") == len(found) - 1  # only its introduction says 大连


def test_lapsed_firms_leave_the_public_directory(client, firms, app):
    with app.app_context():
        db.session.get(Firm, firms["ibm"].id).status = "lapsed"
        db.session.commit()
    assert "ibm" not in slugs(client.get("/members/").get_data(as_text=True), firms)
    assert client.get("/members/ibm").status_code == 404
    assert client.get("/api/v1/members/ibm").status_code == 404


def test_filters_by_tier_and_industry(client, firms):
    assert slugs(client.get("/members/?tier=council").get_data(as_text=True), firms) == ["ibm"]
    assert slugs(client.get("/members/?industry=software").get_data(as_text=True), firms) == ["binhai"]
    # an unknown filter value is ignored rather than an error
    assert client.get("/members/?tier=emperor&industry=x&page=abc").status_code == 200


def test_search_keeps_to_the_chosen_tier_and_industry(client, firms):
    def found(**query):
        return slugs(client.get("/members/", query_string=query).get_data(as_text=True), firms)

    assert found(q="海", tier="member") == ["haiyun"]
    assert found(q="海", industry="software") == ["binhai"]
    assert found(q="海", tier="council", industry="software") == []


def test_directory_pages_through_many_firms(client, make_firm):
    for number in range(25):
        make_firm(f"大连分页测试{number:02d}有限公司")
    first = client.get("/members/").get_data(as_text=True)
    second = client.get("/members/?page=2").get_data(as_text=True)
    assert first.count('class="list-group-item firm-card"') == 20
    assert second.count('class="list-group-item firm-card"') == 5
    assert client.get("/members/?page=99").status_code == 200


def test_firm_page_shows_its_profile_but_not_its_private_contact(client, make_firm, login_as):
    firm = make_firm("大连隐私测试有限公司", public_contact="前台 0411-1", private_contact="秘书手机 139-SECRET")
    page = client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "前台 0411-1" in page
    assert "139-SECRET" not in page
    assert "139-SECRET" in login_as("staff").get(f"/members/{firm.slug}").get_data(as_text=True)


def test_unknown_firm_is_404(client):
    assert client.get("/members/no-such-firm").status_code == 404


def test_hostile_queries_get_an_answer_not_an_error(client, firms):
    for q in ['"', "*", "NEAR(", "a OR b", ":", "'", "\\", "&|!", "😀", "x" * 500, "大连 OR *"]:
        assert client.get("/members/", query_string={"q": q}).status_code == 200, q


@pytest.mark.parametrize("slug", ["%00", "a%00b", "x" * 200])
def test_a_profile_address_no_firm_can_have_is_not_found(client, slug):
    assert client.get(f"/members/{slug}").status_code == 404
    assert client.get(f"/members/{slug}/edit").status_code in (302, 404)
