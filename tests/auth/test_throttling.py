"""Login attempts are limited per account and per address."""
import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LOGIN_LIMIT_PER_ACCOUNT": "3 per 10 minutes",
            "LOGIN_LIMIT_PER_ADDRESS": "6 per 10 minutes"}


def test_guessing_one_accounts_password_is_stopped(client, make_user):
    user = make_user("member")
    for _ in range(3):
        assert client.login(user.email, "guess").status_code == 200
    blocked = client.login(user.email)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "秒后再试" in blocked.get_data(as_text=True)


def test_one_address_trying_many_accounts_is_stopped(client, make_user):
    for number in range(6):
        assert client.login(f"someone{number}@example.org", "guess").status_code == 200
    assert client.login("someone-else@example.org", "guess").status_code == 429


def test_throttled_answer_is_in_english_when_asked(client, make_user):
    user = make_user("member")
    for _ in range(3):
        client.login(user.email, "guess")
    page = client.submit("/auth/login?lang=en", {"email": user.email, "password": "guess"})
    assert page.status_code == 429
    assert "try again" in page.get_data(as_text=True)
