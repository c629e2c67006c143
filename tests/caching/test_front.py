"""Kept pages answered in front of Flask: to visitors without a cookie, with every header, never stale."""
import logging

from tests.caching.test_pages import _rename_behind_the_portals_back

SECURITY_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy", "Permissions-Policy", "Cache-Control", "Vary", "ETag"]


def test_a_visitor_gets_the_kept_firm_page_with_every_header_and_a_request_id_of_its_own(app, client, make_firm):
    firm = make_firm(name="前台缓存有限公司")
    first = client.get(f"/members/{firm.slug}")
    _rename_behind_the_portals_back(app, firm.id, "悄悄改名有限公司")
    kept = client.get(f"/members/{firm.slug}")
    assert "前台缓存有限公司" in kept.get_data(as_text=True)  # the kept copy, not a new rendering
    for name in SECURITY_HEADERS:
        assert kept.headers[name] == first.headers[name], name
    assert kept.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert "Set-Cookie" not in kept.headers


def test_a_kept_page_revalidates_to_304_and_its_head_has_no_body(client):
    first = client.get("/events/")
    again = client.get("/events/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    head = client.head("/events/")
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == first.headers["ETag"]


def test_a_kept_page_is_rendered_again_once_a_minute_old_by_the_sites_clock(app, client, make_firm, clock):
    firm = make_firm(name="按分钟更新有限公司")
    client.get(f"/members/{firm.slug}")
    _rename_behind_the_portals_back(app, firm.id, "下一分钟的名字有限公司")
    clock.move(minutes=1)
    assert "下一分钟的名字有限公司" in client.get(f"/members/{firm.slug}").get_data(as_text=True)


def test_a_page_asked_for_another_host_or_encoding_is_not_given_the_kept_copy(app, client, make_firm):
    firm = make_firm(name="按主机缓存有限公司")
    client.get(f"/members/{firm.slug}")
    _rename_behind_the_portals_back(app, firm.id, "另一个主机有限公司")
    other_host = client.get(f"/members/{firm.slug}", headers={"Host": "portal.example.org"})
    assert "另一个主机有限公司" in other_host.get_data(as_text=True)
    gzipped = client.get(f"/members/{firm.slug}", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_a_visitor_with_a_cookie_is_answered_by_the_portal_itself(app, client, make_firm):
    firm = make_firm(name="有饼干的访客有限公司")
    client.get(f"/members/{firm.slug}")
    _rename_behind_the_portals_back(app, firm.id, "英文访客看到的名字有限公司")
    client.get("/?lang=en")  # the choice lives in the session cookie
    assert "英文访客看到的名字有限公司" in client.get(f"/members/{firm.slug}").get_data(as_text=True)


def test_a_kept_answer_is_logged_with_its_request_id(client, caplog):
    client.get("/bulletins/")
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        caplog.clear()
        answer = client.get("/bulletins/", headers={"X-Request-ID": "proxy-id-12345678"})
    assert answer.headers["X-Request-ID"] == "proxy-id-12345678"
    (line,) = [record for record in caplog.records if record.name == "portal.requests"]
    assert line.request_id == "proxy-id-12345678" and "GET /bulletins/ 200" in line.getMessage()


def test_a_visitor_can_browse_the_directory_past_the_search_limit_but_not_search_past_it(client):
    browsing = [client.get("/members/", query_string={"page": n % 3 + 1}).status_code for n in range(130)]
    assert browsing == [200] * 130
    searches = [client.get("/members/", query_string={"q": "大连"}).status_code for _ in range(121)]
    assert searches == [200] * 120 + [429]
    assert client.get("/api/v1/members").status_code == 200


def test_a_visitor_cannot_search_the_archive_past_its_limit_though_the_answer_is_kept(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        searches = [client.get("/bulletins/", query_string={"q": "大连"}).status_code for _ in range(121)]
    assert searches == [200] * 120 + [429]
    kept = [record for record in caplog.records if record.getMessage().endswith(" kept")]
    assert len(kept) == 119  # all but the first answered in front of Flask, and counted there


def test_a_kept_search_tells_each_visitor_their_own_remaining_searches(client):
    first = client.get("/members/", query_string={"q": "大连"})
    kept = client.get("/members/", query_string={"q": "大连"})
    assert first.headers["X-RateLimit-Limit"] == kept.headers["X-RateLimit-Limit"] == "120"
    assert (first.headers["X-RateLimit-Remaining"], kept.headers["X-RateLimit-Remaining"]) == ("119", "118")
    neighbour = client.get("/members/", query_string={"q": "大连"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert neighbour.headers["X-RateLimit-Remaining"] == "119"
    assert 0 < int(kept.headers["Retry-After"]) <= 60


def test_visitors_behind_the_proxy_each_get_their_own_search_limit(app_config):
    from portal import create_app

    proxied = create_app({**app_config, "PROXY_COUNT": 1}).test_client()

    def search(address):
        return proxied.get("/api/v1/members", query_string={"q": "大连"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [search("203.0.113.1") for _ in range(121)] == [200] * 120 + [429]
    assert search("203.0.113.2") == 200
    assert search("203.0.113.1") == 429
