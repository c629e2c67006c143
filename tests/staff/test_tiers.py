"""Admins rename tiers in both languages, add one between two, reorder them and set their dues."""
import re

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.members.categories import MembershipTier
from portal.members.models import Firm
from portal.search.models import SearchDocument


@pytest.fixture
def firms(make_firm):
    return {
        "binhai": make_firm("滨海数字集团", "president", slug="binhai"),
        "wenshi": make_firm("大连文思海辉软件有限公司", "vice_president", slug="wenshi"),
        "ibm": make_firm("大连国际商业机器有限公司", "council", slug="ibm"),
        "jianshi": make_firm("大连监事示例有限公司", "supervisor", slug="jianshi"),
        "haiyun": make_firm("大连海云数据有限公司", "member", slug="haiyun"),
    }


def listed(html: str, firms) -> list[str]:
    """The firms a directory page lists, in the order it lists them."""
    positions = {slug: html.find(f'href="/members/{slug}"') for slug in firms}
    return [slug for slug, at in sorted(positions.items(), key=lambda item: item[1]) if at >= 0]


def headings(html: str) -> list[str]:
    """The tier headings of the directory's listing, in order."""
    return re.findall(r'<h2 class="h5 mt-3">([^<]+)</h2>', html)


def stored(app) -> dict[str, tuple]:
    """Each firm's tier rank and its search document's rank, by slug."""
    with app.app_context():
        rows = db.session.execute(sa.select(Firm.slug, Firm.tier_rank, SearchDocument.rank)
                                  .join(SearchDocument, SearchDocument.object_id == Firm.id)).all()
        return {slug: (rank, document_rank) for slug, rank, document_rank in rows}


def add_executive_tier(admin, below="president", **fields):
    return admin.submit("/staff/tiers/", {"new-code": "executive_vp", "new-label_zh": "常务副会长单位",
                                          "new-label_en": "Executive Vice President", "new-dues": "15000",
                                          "new-below": below, "new-submit": "1", **fields})


def test_a_renamed_tier_shows_in_the_directory_in_both_languages(login_as, client, firms):
    admin = login_as("admin")
    response = admin.submit("/staff/tiers/council", {"label_zh": "理事会成员单位", "label_en": "Board Member",
                                                     "dues": "5000", "submit": "1"})
    assert response.status_code == 302
    chinese = client.get("/members/").get_data(as_text=True)
    english = client.get("/members/?lang=en").get_data(as_text=True)
    assert "理事会成员单位" in headings(chinese) and "理事单位" not in chinese
    assert "Board Member" in headings(english) and "Council Member" not in english
    assert "理事会成员单位" in client.get("/members/ibm?lang=zh").get_data(as_text=True)


def test_a_tier_added_between_two_lists_there_and_its_firms_sort_by_it(login_as, client, firms, app):
    admin = login_as("admin")
    assert add_executive_tier(admin).status_code == 302
    staff = login_as("staff")
    staff.submit("/staff/firms/ibm", {"standing-tier": "executive_vp", "standing-status": "active",
                                      "standing-submit": "1"})
    page = client.get("/members/").get_data(as_text=True)
    assert headings(page) == ["会长单位", "常务副会长单位", "副会长单位", "监事单位", "会员单位"]
    assert listed(page, firms) == ["binhai", "ibm", "wenshi", "jianshi", "haiyun"]
    searched = client.get("/members/", query_string={"q": "大连"}).get_data(as_text=True)
    assert listed(searched, firms) == ["ibm", "wenshi", "jianshi", "haiyun"]
    # The firms below the new tier moved down one, in the directory's index and in search's.
    assert stored(app) == {"binhai": (0, 0), "ibm": (1, 1), "wenshi": (2, 2), "jianshi": (4, 4), "haiyun": (5, 5)}


def test_the_new_tier_is_offered_where_tiers_are_chosen(login_as, client, firms):
    admin = login_as("admin")
    add_executive_tier(admin)
    assert 'value="executive_vp"' in admin.get("/staff/firms/new").get_data(as_text=True)
    assert 'value="executive_vp"' in admin.get("/staff/firms/ibm").get_data(as_text=True)
    assert 'value="executive_vp"' in client.get("/join").get_data(as_text=True)
    assert 'value="executive_vp"' in client.get("/members/").get_data(as_text=True)  # the filter
    assert 'value="executive_vp"' in admin.get("/staff/mailings/new").get_data(as_text=True)


def test_moving_a_tier_reorders_the_directory(login_as, client, firms, app):
    admin = login_as("admin")
    response = admin.submit("/staff/tiers/member/move", {"move-direction": "up"}, page="/staff/tiers/")
    assert response.status_code == 302
    page = client.get("/members/").get_data(as_text=True)
    assert headings(page) == ["会长单位", "副会长单位", "理事单位", "会员单位", "监事单位"]
    assert listed(page, firms) == ["binhai", "wenshi", "ibm", "haiyun", "jianshi"]
    searched = client.get("/members/", query_string={"q": "大连"}).get_data(as_text=True)
    assert listed(searched, firms) == ["wenshi", "ibm", "haiyun", "jianshi"]
    assert stored(app)["haiyun"] == (3, 3) and stored(app)["jianshi"] == (4, 4)
    admin.submit("/staff/tiers/member/move", {"move-direction": "down"}, page="/staff/tiers/")
    assert listed(client.get("/members/").get_data(as_text=True), firms) == [
        "binhai", "wenshi", "ibm", "jianshi", "haiyun"]


def test_the_first_tier_stays_first_when_moved_up(login_as, client, firms):
    admin = login_as("admin")
    assert admin.submit("/staff/tiers/president/move", {"move-direction": "up"},
                        page="/staff/tiers/").status_code == 302
    assert headings(client.get("/members/").get_data(as_text=True))[0] == "会长单位"


def test_dues_are_set_in_yuan_and_stored_in_fen(login_as, app):
    admin = login_as("admin")
    for typed, fen in (("1,234.50", 123450), ("８０００", 800000), ("¥0", 0), ("20000", 2000000)):
        response = admin.submit("/staff/tiers/member", {"label_zh": "会员单位", "label_en": "Member",
                                                        "dues": typed, "submit": "1"})
        assert response.status_code == 302, typed
        with app.app_context():
            assert db.session.scalar(sa.select(MembershipTier.dues_fen).where(MembershipTier.code == "member")) == fen
    assert 'value="20000.00"' in admin.get("/staff/tiers/member").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["-100", "12.345", "二千", "1e5", "", "100000001"])
def test_a_bad_amount_of_dues_is_refused_with_the_form(login_as, app, typed):
    admin = login_as("admin")
    response = admin.submit("/staff/tiers/member", {"label_zh": "会员单位", "label_en": "Member", "dues": typed,
                                                    "submit": "1"})
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(MembershipTier.dues_fen).where(MembershipTier.code == "member")) == 200000


@pytest.mark.parametrize("fields", [
    {"new-code": "president"},                       # taken: codes never change hands
    {"new-code": "Executive VP"},                    # not a code
    {"new-code": "a_code_longer_than_the_column"},   # wider than firms.tier
    {"new-label_en": ""},
    {"new-below": "emperor"},
    {"new-dues": "-1"},
])
def test_a_tier_that_cannot_be_added_is_refused_with_the_form(login_as, app, fields):
    admin = login_as("admin")
    response = add_executive_tier(admin, **fields)
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MembershipTier)) == 5


def test_a_move_without_a_direction_is_refused(login_as):
    admin = login_as("admin")
    response = admin.submit("/staff/tiers/member/move", {"move-direction": "sideways"}, page="/staff/tiers/")
    assert response.status_code == 400 and 'id="move-error"' in response.get_data(as_text=True)
    assert admin.post("/staff/tiers/member/move", data={"move-direction": "up"}).status_code == 400  # no token
    assert admin.submit("/staff/tiers/emperor/move", {"move-direction": "up"},
                        page="/staff/tiers/").status_code == 404
    for address in ("/staff/tiers/%00", "/staff/tiers/" + "x" * 300, "/staff/industries/%00"):
        assert admin.get(address).status_code == 404


@pytest.mark.parametrize("role", ["member", "staff"])
def test_only_admins_reach_the_tier_pages(login_as, role):
    person = login_as(role)
    assert person.get("/staff/tiers/").status_code == 403
    assert person.get("/staff/tiers/member").status_code == 403
    assert person.submit("/staff/tiers/member/move", {"move-direction": "up"}, page="/").status_code == 403
    assert 'href="/staff/tiers/"' not in person.get("/staff/").get_data(as_text=True)


def test_every_change_to_the_tiers_is_audited(login_as, app):
    admin = login_as("admin")
    add_executive_tier(admin)
    admin.submit("/staff/tiers/executive_vp", {"label_zh": "常务副会长单位", "label_en": "Executive VP",
                                               "dues": "16000", "submit": "1"})
    admin.submit("/staff/tiers/executive_vp/move", {"move-direction": "up"}, page="/staff/tiers/")
    with app.app_context():
        entries = {entry.action: entry for entry in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.actor_id == admin.user.id, AuditEntry.action.like("tier.%")))}
    assert entries["tier.created"].target == "tier:executive_vp"
    assert entries["tier.created"].details["dues_fen"] == 1500000
    assert entries["tier.updated"].details == {"old": {"label_en": "Executive Vice President", "dues_fen": 1500000},
                                               "new": {"label_en": "Executive VP", "dues_fen": 1600000}}
    assert entries["tier.moved"].details["order"][:2] == ["executive_vp", "president"]


def test_the_api_documents_and_accepts_a_tier_staff_added(login_as, client, firms):
    founding = ["president", "vice_president", "council", "supervisor", "member"]
    document = client.get("/api/v1/openapi.json").json
    assert document["components"]["schemas"]["Member"]["properties"]["tier"]["enum"] == founding
    admin = login_as("admin")
    add_executive_tier(admin)
    login_as("staff").submit("/staff/firms/ibm", {"standing-tier": "executive_vp", "standing-status": "active",
                                                  "standing-submit": "1"})
    document = client.get("/api/v1/openapi.json").json
    tier = next(p for p in document["paths"]["/members"]["get"]["parameters"] if p["name"] == "tier")
    assert tier["schema"]["enum"] == ["president", "executive_vp", *founding[1:]]
    assert "x-current-codes" not in str(document)
    found = client.get("/api/v1/members?tier=executive_vp").json
    assert [item["slug"] for item in found["items"]] == ["ibm"] and found["items"][0]["tier"] == "executive_vp"
    assert [item["slug"] for item in client.get("/api/v1/members").json["items"]][:2] == ["binhai", "ibm"]
    assert client.get("/api/v1/members?tier=emperor").status_code == 400


def test_a_document_naming_a_tier_by_its_chinese_label_finds_its_code(login_as, app):
    from portal.members import tiers

    add_executive_tier(login_as("admin"))
    with app.app_context():
        assert tiers.by_chinese("会长单位") == "president"
        assert tiers.by_chinese(" 常务副会长单位 ") == "executive_vp"
        assert tiers.by_chinese("皇帝单位") is None


def test_the_directory_reads_the_tiers_once_however_many_firms_it_lists(make_firm, statements):
    """No query per listed firm: a page of twenty asks the database as often as a page of two."""
    for number, tier in enumerate(["president", "member"]):
        make_firm(f"大连少数{number}有限公司", tier)
    few = (statements("/members/"), statements("/members/?q=大连"))
    for number in range(18):
        make_firm(f"大连多数{number}有限公司", ["president", "council", "member"][number % 3])
    assert (statements("/members/"), statements("/members/?q=大连")) == few
