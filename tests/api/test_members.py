"""The directory as JSON, as in the contract."""
import pytest


@pytest.fixture
def firms(make_firm):
    make_firm("大连文思海辉软件有限公司", "vice_president", slug="wenshi", name_en="Pactera",
              website="https://www.pactera.com", intro="<p>IT 服务<script>alert(1)</script></p>",
              industries=["software", "ito"], private_contact="SECRET-PHONE")
    make_firm("国际商业机器全球服务（大连）有限公司", "council", slug="ibm", name_en="IBM Dalian")


def test_members_api_lists_firms_with_the_contract_fields(client, firms):
    body = client.get("/api/v1/members").json
    assert body["total"] == 2 and body["page"] == 1 and body["pages"] == 1
    first = body["items"][0]
    assert set(first) == {"slug", "name", "name_en", "tier", "website", "summary", "url"}
    assert first["slug"] == "wenshi" and first["tier"] == "vice_president"
    assert first["url"] == "https://portal.example.org/members/wenshi"


@pytest.mark.parametrize("q, expected", [("大连", ["wenshi", "ibm"]), ("文思", ["wenshi"]), ("ibm", ["ibm"]),
                                         ("wensi", ["wenshi"]), ("wshh", ["wenshi"])])
def test_members_api_searches(client, firms, q, expected):
    assert [m["slug"] for m in client.get("/api/v1/members", query_string={"q": q}).json["items"]] == expected


def test_member_detail_has_sanitised_intro_and_industries_but_no_private_contact(client, firms):
    response = client.get("/api/v1/members/wenshi")
    assert response.json["industries"] == ["ito", "software"]
    assert "<script" not in response.json["intro"] and "IT 服务" in response.json["intro"]
    assert "SECRET-PHONE" not in response.get_data(as_text=True)


def test_per_page_is_clamped_to_100(client, make_firm):
    for number in range(3):
        make_firm(f"企业{number}")
    body = client.get("/api/v1/members?per_page=1000").json
    assert body["total"] == 3 and len(body["items"]) == 3
    assert client.get("/api/v1/members?per_page=1").json["pages"] == 3


@pytest.mark.parametrize("query", ["page=abc", "page=0", "per_page=x", "tier=emperor"])
def test_bad_parameters_get_a_json_400(client, query):
    response = client.get(f"/api/v1/members?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
    assert response.json["error"]["message"]


def test_unknown_member_is_a_json_404(client):
    response = client.get("/api/v1/members/nobody")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_openapi_describes_the_members_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/members" in paths and "/members/{slug}" in paths
