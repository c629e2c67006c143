"""Error answers keep what HTTP says they carry: a 405 names the methods the address allows."""
import pytest


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("POST", "/", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/members/", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/events/1/register", {"POST", "OPTIONS"}),
    ("POST", "/api/v1/members", {"GET", "HEAD", "OPTIONS"}),
])
def test_a_method_the_address_does_not_take_is_answered_with_the_ones_it_does(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allowed
    if path.startswith("/api/"):
        assert response.json["error"]["code"] == "method_not_allowed"
