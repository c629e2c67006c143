"""Absurd numbers in paths and query strings are refused with 400 or 404, never a 500, on every GET route."""
from __future__ import annotations

import re

import pytest

from portal import create_app

HUGE = "99999999999999999999999"  # beyond 64 bits
#: Numbers no id can be: past 64 bits, past 32 bits (PostgreSQL's INTEGER), digits that are not ASCII.
ABSURD_IDS = [HUGE, str(2**63), str(2**31), "²", "١٢", "0"]
ABSURD_QUERIES = [{"page": HUGE}, {"page": "²"}, {"page": "-1"}, {"page": "0"}, {"page": "1e9"},
                  {"year": HUGE}, {"year": "-99999999"}, {"year": "²"}, {"per_page": HUGE},
                  {"page": "99999999", "per_page": "100"}, {"q": "大连", "page": HUGE}]
ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _routes(method: str) -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()
                  if method in rule.methods and not rule.endpoint.endswith("static"))


GET_ROUTES = _routes("GET")
ROUTES_WITH_IDS = [rule for rule, _ in GET_ROUTES if re.search(r"<int[:(]", rule)]
POSTS_WITH_IDS = [rule for rule, _ in _routes("POST") if re.search(r"<int[:(]", rule)]


def _path(rule: str, number: str) -> str:
    """Fill a rule: every number with `number`, every other argument with something plausible."""

    def fill(match: re.Match) -> str:
        converter, arguments = match[1] or "default", match[2] or ""
        if converter == "int":
            return number
        if converter == "any":
            return arguments.split(",")[0].strip().strip("'\"")
        return "x"

    return ARGUMENT.sub(fill, rule)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": False}


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_the_sweep_reaches_the_ids_of_every_part_of_the_site():
    parts = {rule.strip("/").split("/")[0] for rule in ROUTES_WITH_IDS + POSTS_WITH_IDS}
    assert parts >= {"api", "events", "bulletins", "staff"}, parts


@pytest.mark.parametrize("rule", ROUTES_WITH_IDS)
def test_an_id_no_row_can_have_is_not_found_on_every_route(admin, rule):
    for number in ABSURD_IDS:
        response = admin.get(_path(rule, number))
        assert response.status_code == 404, (rule, number, response.status_code)


@pytest.mark.parametrize("rule", POSTS_WITH_IDS)
def test_a_form_posted_to_an_id_no_row_can_have_is_not_found(app, login_as, rule):
    admin = login_as("admin")
    app.config["WTF_CSRF_ENABLED"] = False  # the token is checked before the route: it would answer first
    for number in (HUGE, str(2**31), "²"):
        response = admin.post(_path(rule, number), data={})
        assert response.status_code == 404, (rule, number, response.status_code)


@pytest.mark.parametrize("rule", [rule for rule, _ in GET_ROUTES])
def test_absurd_page_and_year_numbers_never_break_a_page(admin, rule):
    for query in ABSURD_QUERIES:
        response = admin.get(_path(rule, "1"), query_string=query)
        assert response.status_code < 500, (rule, query, response.status_code)


@pytest.mark.parametrize("path", ["/members/", "/bulletins/", "/events/", "/staff/firms", "/staff/accounts",
                                  "/staff/outbox", "/staff/audit"])
def test_a_page_past_the_last_shows_a_page_not_an_error(admin, path):
    for query in ({"page": HUGE}, {"page": "²"}, {"page": "-1"}, {"year": HUGE}):
        response = admin.get(path, query_string=query)
        assert response.status_code in (200, 400), (path, query, response.status_code)


API_REFUSED = [(path, query) for path in ("/api/v1/members", "/api/v1/bulletins")
               for query in ({"page": HUGE}, {"page": "²"}, {"page": "-1"}, {"page": "10001"})]
API_REFUSED += [("/api/v1/members", {"per_page": "0"}), ("/api/v1/members", {"per_page": "²"})]


@pytest.mark.parametrize(("path", "query"), API_REFUSED)
def test_the_api_refuses_absurd_pages_with_a_json_400(client, path, query):
    response = client.get(path, query_string=query)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "bad_request"


def test_the_api_clamps_a_huge_page_size_as_the_contract_says(client):
    response = client.get("/api/v1/members", query_string={"per_page": HUGE})
    assert response.status_code == 200
