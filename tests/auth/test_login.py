"""Logging in and out, as people with each role."""
import pytest

from portal.audit.models import AuditEntry
from portal.auth.models import User
from portal.extensions import db
from tests.conftest import PASSWORD


@pytest.mark.parametrize("role", ["visitor", "member", "staff", "admin"])
def test_each_role_can_log_in_and_out(client, make_user, role):
    user = make_user(role)
    response = client.login(user.email)
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert user.email in page
    client.logout()
    assert user.email not in client.get("/").get_data(as_text=True)


def test_email_is_matched_whatever_its_capitals(client, make_user):
    user = make_user("member", email="Rep@Example.org")
    assert client.login("REP@example.ORG").status_code == 302
    assert user.email == "rep@example.org"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user("member")
    wrong_password = client.login(user.email, "not the password")
    unknown_email = client.login("nobody@example.org", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    message = "邮箱或密码错误"
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_email.get_data(as_text=True)


def test_failed_and_successful_logins_are_audited(client, make_user, app):
    user = make_user("staff")
    client.login(user.email, "wrong password")
    client.login(user.email)
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["auth.login_failed", "auth.login"]


def test_disabled_account_cannot_log_in(client, make_user, app):
    user = make_user("member")
    with app.app_context():
        db.session.get(User, user.id).is_enabled = False
        db.session.commit()
    assert client.login(user.email).status_code == 200
    assert user.email not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["/staff/", "/auth/password?x=1"])
def test_login_follows_next_inside_the_site(client, make_user, target):
    user = make_user("staff")
    response = client.login(user.email, next=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "\\\\evil.example.com",
    "javascript:alert(1)", "http:/evil.example.com", "evil.example.com",
])
def test_login_never_redirects_off_site(client, make_user, target):
    user = make_user("member")
    response = client.submit("/auth/login?next=" + target, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_renews_the_session(client, make_user):
    user = make_user("member")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_form_without_csrf_token_is_refused(client, make_user):
    user = make_user("member")
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert user.email not in client.get("/").get_data(as_text=True)


def test_logout_needs_a_post_with_csrf_token(client, make_user):
    user = make_user("member")
    client.login(user.email)
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    assert user.email in client.get("/").get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax(client, make_user):
    user = make_user("member")
    response = client.login(user.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def password_checks(monkeypatch):
    """Count the password hashes checked: each costs the same time (scrypt), so the count is the time."""
    import portal.auth.models

    checked = []
    real = portal.auth.models.check_password_hash

    def counting(password_hash, password):
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(portal.auth.models, "check_password_hash", counting)
    return checked


def test_login_time_does_not_tell_whether_an_address_has_an_account(client, make_user, app, password_checks):
    real = make_user("member")
    invited = make_user("visitor", password=None)
    disabled = make_user("member")
    with app.app_context():
        db.session.get(User, disabled.id).is_enabled = False
        db.session.commit()
    for email in (real.email, "nobody@example.org", invited.email, disabled.email):
        password_checks.clear()
        assert client.login(email, "not the password").status_code == 200
        assert len(password_checks) == 1, email
        # The stand-in hash costs what a real one does.
        assert password_checks[0].split("$")[0] == app.config["PASSWORD_HASH_METHOD"]


@pytest.mark.parametrize("target", ["/staff/%0D%0ASet-Cookie:%20x=1", "/%0a", "/members/%09x", "/x%7F"])
def test_login_with_a_line_break_in_next_goes_home(client, make_user, target):
    user = make_user("member")
    response = client.login(user.email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in "".join(response.headers.getlist("Set-Cookie"))
