"""Logging out ends the login everywhere its cookies went."""
from tests.conftest import Browserish


def _copy_cookies(source, app) -> Browserish:
    """A second browser holding copies of the cookies the first one has now."""
    thief = Browserish(app.test_client())
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_logging_out_deletes_the_keep_me_logged_in_cookie(client, make_user):
    admin = make_user("admin")
    client.login(admin.email, remember=True)
    assert client.get_cookie("remember_token") is not None
    response = client.logout()
    assert any(h.startswith("remember_token=;") for h in response.headers.getlist("Set-Cookie"))
    assert client.get_cookie("remember_token") is None
    assert client.get("/staff/audit").status_code == 302  # to the login page


def test_a_remember_cookie_kept_from_before_logout_opens_nothing(client, make_user, app):
    admin = make_user("admin")
    client.login(admin.email, remember=True)
    remembered = Browserish(app.test_client())
    remembered.set_cookie("remember_token", client.get_cookie("remember_token").value)
    assert remembered.get("/staff/audit").status_code == 200  # the cookie alone logs in, as it should
    client.logout()
    fresh = Browserish(app.test_client())
    fresh.set_cookie("remember_token", remembered.get_cookie("remember_token").value)
    response = fresh.get("/staff/audit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_copy_of_the_session_cookie_stops_working_at_logout(client, make_user, app):
    admin = make_user("admin")
    client.login(admin.email)
    thief = _copy_cookies(client, app)
    assert thief.get("/staff/audit").status_code == 200
    client.logout()
    response = thief.get("/staff/audit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert admin.email not in thief.get("/").get_data(as_text=True)


def test_after_logging_out_one_can_log_in_again(client, make_user):
    member = make_user("member")
    client.login(member.email, remember=True)
    client.logout()
    assert client.login(member.email).status_code == 302
    assert member.email in client.get("/").get_data(as_text=True)
