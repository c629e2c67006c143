"""A name more firms share than the directory counts: the page and the API say so honestly, and
every one of those firms can still be reached, page after page; filters narrow inside the index."""
from urllib.parse import urlsplit

import pytest

from portal.members import directory

SHARED = "大连共享名称"


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(directory, "COUNT_CAP", 5)
    return 5


@pytest.fixture
def crowd(make_firm):
    tiers = ["member", "council", "member", "president", "member"]
    return {make_firm(f"{SHARED}{n:02d}有限公司", tiers[n % len(tiers)], slug=f"shared-{n:02d}",
                      industries=["software"] if n % 2 else []).slug: tiers[n % len(tiers)] for n in range(13)}


def walk_api(client, **query) -> list[str]:
    """Follow the API's `next` links from the first page; return every slug seen, in order."""
    seen, url = [], "/api/v1/members"
    response = client.get(url, query_string=query)
    while True:
        assert response.status_code == 200
        seen.extend(item["slug"] for item in response.json["items"])
        if response.json["next"] is None:
            return seen
        parts = urlsplit(response.json["next"])
        response = client.get(f"{parts.path}?{parts.query}")
        assert len(seen) < 100, "the pages never end"


def test_every_firm_sharing_a_name_is_reachable_past_the_count_cap(client, crowd, small_cap):
    seen = walk_api(client, q=SHARED, per_page=2)
    assert sorted(seen) == sorted(crowd)  # each once: no firm twice, none left out


def test_every_firm_of_a_tier_is_reachable_past_the_count_cap(client, crowd, small_cap):
    members = sorted(slug for slug, tier in crowd.items() if tier == "member")
    assert len(members) > small_cap
    assert sorted(walk_api(client, q=SHARED, tier="member", per_page=2)) == members


def test_the_api_says_whether_its_total_is_exact(client, crowd, small_cap):
    capped = client.get("/api/v1/members", query_string={"q": SHARED}).json
    assert capped["total"] == small_cap and capped["total_is_exact"] is False
    exact = client.get("/api/v1/members", query_string={"q": SHARED, "tier": "president"}).json
    assert exact["total"] == 2 and exact["total_is_exact"] is True and exact["next"] is None
    assert set(client.get("/api/v1/members").json) >= {"items", "total", "page", "pages", "total_is_exact"}


def test_the_page_says_there_are_more_and_leads_on_to_every_match(client, crowd, small_cap):
    first = client.get("/members/", query_string={"q": SHARED}).get_data(as_text=True)
    assert "More than 5" in first or "超过 5" in first
    assert 'id="narrow-hint"' in first and "tier=council" in first  # narrowing offered
    seen = [slug for slug in crowd if f'href="/members/{slug}"' in first]
    assert 'id="next-page"' in first and "after=0" in first
    rest = client.get("/members/", query_string={"q": SHARED, "after": 0}).get_data(as_text=True)
    assert 'id="past-cap"' in rest
    seen += [slug for slug in crowd if f'href="/members/{slug}"' in rest]
    assert sorted(seen) == sorted(crowd)


def test_a_search_within_a_tier_and_industry_finds_exactly_those_firms(client, crowd):
    found = walk_api(client, q=SHARED, tier="member")
    assert sorted(found) == sorted(slug for slug, tier in crowd.items() if tier == "member")
    page = client.get("/members/", query_string={"q": SHARED, "industry": "software", "tier": "council"})
    shown = {slug for slug in crowd if f'href="/members/{slug}"' in page.get_data(as_text=True)}
    assert shown == {f"shared-{n:02d}" for n in range(13) if n % 2 and n % 5 == 1}


def test_a_firm_moved_to_another_tier_is_found_under_its_new_tier(app, client, crowd):
    from portal.extensions import db
    from portal.members.services import get_firm, set_standing

    with app.app_context():
        set_standing(None, get_firm("shared-00"), "president", "active")
        db.session.commit()
    assert "shared-00" in walk_api(client, q=SHARED, tier="president")
    assert "shared-00" not in walk_api(client, q=SHARED, tier="member")


@pytest.mark.parametrize("q", ["t", "e", "7", "标", "标签", "标签标签", "tier", "industry"])
def test_no_query_matches_the_filter_labels(client, crowd, q):
    assert client.get("/api/v1/members", query_string={"q": q}).json["total"] == 0
