"""Bad input under /api/v1 answers the contract's JSON error with its status, never a 500."""
import pytest

from portal.api.schemas import MAX_PAGE


def assert_json_error(response, status: int, code: str):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    assert set(response.json) == {"error"} and set(response.json["error"]) == {"code", "message"}
    assert response.json["error"]["code"] == code and response.json["error"]["message"]


def test_an_unknown_api_path_is_a_json_404(client):
    assert_json_error(client.get("/api/v1/no-such-thing"), 404, "not_found")


# Each of these once answered 500: the page's offset or the id overflowed the database's integers.
@pytest.mark.parametrize("path", ["/api/v1/members?page=4954295395021587036399206400",
                                  "/api/v1/bulletins?page=4667039942193337344"])
def test_a_page_beyond_the_bound_is_a_json_400(client, path):
    assert_json_error(client.get(path), 400, "bad_request")


@pytest.mark.parametrize("path", ["/api/v1/events/63258171656623815131136", "/api/v1/bulletins/63258171656623815131136",
                                  "/api/v1/events/9223372036854775806", "/api/v1/bulletins/2147483648",
                                  "/api/v1/events/0"])
def test_an_id_no_row_can_have_is_a_json_404(client, path):
    assert_json_error(client.get(path), 404, "not_found")


# PostgreSQL refuses NUL in any text it compares, and a slug longer than its column is no firm.
@pytest.mark.parametrize("path", ["/api/v1/members/%00", "/api/v1/members/wen%00shi", "/api/v1/members/" + "长" * 81])
def test_a_slug_no_firm_can_have_is_a_json_404(client, path):
    assert_json_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/members?q=%00", "/api/v1/bulletins?q=%00"])
def test_a_query_with_nul_finds_nothing_and_no_server_error(client, path):
    assert client.get(path).json["total"] == 0


@pytest.mark.parametrize("resource", ["members", "bulletins"])
def test_the_last_page_allowed_answers_and_the_next_does_not(client, resource):
    assert client.get(f"/api/v1/{resource}?page={MAX_PAGE}").status_code == 200
    assert_json_error(client.get(f"/api/v1/{resource}?page={MAX_PAGE + 1}"), 400, "bad_request")


@pytest.mark.parametrize("resource", ["members", "bulletins"])
def test_a_query_over_100_characters_is_a_json_400(client, resource):
    assert client.get(f"/api/v1/{resource}", query_string={"q": "数" * 100}).status_code == 200
    response = client.get(f"/api/v1/{resource}", query_string={"q": "数" * 101})
    assert_json_error(response, 400, "bad_request")
    assert "'q'" in response.json["error"]["message"]


@pytest.mark.parametrize("per_page", ["0", "-1"])
def test_per_page_below_one_is_a_json_400(client, per_page):
    response = client.get(f"/api/v1/members?per_page={per_page}")
    assert_json_error(response, 400, "bad_request")
    assert "'per_page'" in response.json["error"]["message"]


def test_empty_arguments_count_as_not_given(client, make_firm):
    make_firm("大连示例有限公司")
    body = client.get("/api/v1/members?q=&tier=&page=&per_page=").json
    assert body["total"] == 1 and body["page"] == 1
    assert client.get("/api/v1/events?when=").json["when"] == "upcoming"


def test_a_throttled_directory_search_is_a_json_429_saying_when_to_retry(client):
    statuses = [client.get("/api/v1/members?q=大连").status_code for _ in range(121)]
    assert statuses[:120] == [200] * 120
    response = client.get("/api/v1/members?q=大连")
    assert_json_error(response, 429, "too_many_requests")
    assert int(response.headers["Retry-After"]) >= 1
