"""A search many visitors ask is searched once and answered from the store until a write changes it."""
import pytest

from portal.extensions import db
from portal.members.models import Firm, ProfileRevision
from tests.caching.test_pages import _rename_behind_the_portals_back
from tests.members.test_profile_changes import PROFILE

SEARCHES = ["/members/?q={}", "/api/v1/members?q={}"]


def shown(answer) -> str:
    """What a visitor reads: the page, or the names and links of the JSON's firms."""
    if answer.is_json:
        return " ".join(f"{item['name']} {item['url']}" for item in answer.get_json()["items"])
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("search", SEARCHES)
def test_a_search_asked_again_is_answered_from_the_store_until_a_write_changes_it(app, client, make_firm, search):
    firm = make_firm(name="原来的名字有限公司")
    url = search.format("原来的名字")
    assert "原来的名字有限公司" in shown(client.get(url))
    _rename_behind_the_portals_back(app, firm.id, "悄悄改的名字有限公司")
    again = client.get(url)
    assert again.headers["Cache-Control"] == "public, no-cache"
    assert "原来的名字有限公司" in shown(again)  # the stored answer, not searched again
    make_firm(name="另一家新会员有限公司")  # a write the portal makes retires every stored answer
    assert "悄悄改的名字有限公司" in shown(client.get(url))


def test_an_approved_name_is_found_at_once_by_a_search_visitors_asked_before(app, client, login_as):
    rep, staff = login_as("member"), login_as("staff")
    slug = rep.user.firm_slug
    searches = [url.format("焕然一新") for url in SEARCHES]
    for url in searches:  # nothing found yet, and that answer is kept
        assert slug not in shown(client.get(url))
    assert rep.submit(f"/members/{slug}/edit", {**PROFILE, "name": "焕然一新科技有限公司"}).status_code == 302
    with app.app_context():
        revision = db.session.scalar(db.select(ProfileRevision.id).join(Firm).where(
            Firm.slug == slug, ProfileRevision.status == "pending"))
    assert staff.submit(f"/staff/revisions/{revision}", {"note": "", "approve": "1"}).status_code == 302
    for url in searches:
        assert "焕然一新科技有限公司" in shown(client.get(url))


def test_a_logged_in_search_is_never_stored(app, login_as, make_firm):
    firm = make_firm(name="登录后搜索有限公司")
    staff = login_as("staff")
    first = staff.get("/members/?q=登录后搜索")
    assert first.headers["Cache-Control"] == "private, no-store"
    _rename_behind_the_portals_back(app, firm.id, "登录后改名有限公司")
    assert "登录后改名有限公司" in staff.get("/members/?q=登录后搜索").get_data(as_text=True)


def test_many_different_searches_do_not_push_the_stored_pages_out(app_config, request):
    app_config["PAGE_CACHE_ENTRIES"] = app_config["SEARCH_CACHE_ENTRIES"] = 5
    app, make_firm = request.getfixturevalue("app"), request.getfixturevalue("make_firm")
    client = app.test_client()
    firm = make_firm(name="常被访问的会员有限公司")
    assert "常被访问的会员有限公司" in client.get("/members/").get_data(as_text=True)
    _rename_behind_the_portals_back(app, firm.id, "悄悄改的名字有限公司")
    for number in range(20):
        assert client.get(f"/members/?q=词{number}").status_code == 200
    assert "常被访问的会员有限公司" in client.get("/members/").get_data(as_text=True)  # still the stored page
