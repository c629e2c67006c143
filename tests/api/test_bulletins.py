"""Bulletins as JSON, as in the contract (members-only issues: tests/bulletins/test_reading.py)."""
import pytest


@pytest.fixture
def public_issue(import_file, sample_bytes):
    return import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)


def test_api_gives_the_contract_shape(client, public_issue):
    listing = client.get("/api/v1/bulletins").json
    assert listing["total"] == 1
    assert set(listing["items"][0]) == {"id", "title", "period", "published_at", "url"}
    issue = client.get(f"/api/v1/bulletins/{public_issue}").json
    kinds = [s["kind"] for s in issue["sections"]]
    assert kinds[0] == "data_report" and "member_spotlight" in kinds
    spotlight = next(s for s in issue["sections"] if s["kind"] == "member_spotlight")
    assert [a["member"] for a in spotlight["articles"]] == ["pactera", "ibm"]  # slugs from their websites
    news = next(s for s in issue["sections"] if s["kind"] == "industry_news")
    assert news["articles"][0]["source"] == "国家知识产权局"
    for section in issue["sections"]:
        for article in section["articles"]:
            assert "\n\n\n" not in article["body"] and not article["body"].startswith(" ")
    assert client.get("/api/v1/bulletins?q=服务外包").json["total"] >= 1
    assert client.get("/api/v1/bulletins?page=x").status_code == 400
    assert client.get("/api/v1/bulletins/999").json["error"]["code"] == "not_found"
