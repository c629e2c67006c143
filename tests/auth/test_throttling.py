"""Login attempts are limited per address, per address and account, and per account."""
import pyotp
import pytest

from tests.conftest import PASSWORD, Browserish


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LOGIN_LIMIT_PER_ADDRESS_AND_ACCOUNT": "3 per 10 minutes",
            "LOGIN_LIMIT_PER_ACCOUNT": "8 per 10 minutes", "LOGIN_LIMIT_PER_ADDRESS": "6 per 10 minutes",
            "SECOND_FACTOR_LIMIT": "3 per 10 minutes"}


def from_address(app, address: str) -> Browserish:
    person = Browserish(app.test_client())
    person.environ_base["REMOTE_ADDR"] = address
    return person


def test_guessing_one_accounts_password_is_stopped(client, make_user):
    user = make_user("member")
    for _ in range(3):
        assert client.login(user.email, "guess").status_code == 200
    blocked = client.login(user.email)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "秒后再试" in blocked.get_data(as_text=True)


def test_guesses_spread_over_many_addresses_meet_a_ceiling(app, make_user):
    user = make_user("member")
    answers = [from_address(app, f"203.0.113.{n}").login(user.email, "guess").status_code
               for n in range(1, 4) for _ in range(3)]
    assert answers == [200] * 8 + [429]


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


def test_guessing_second_factor_codes_is_stopped_even_from_new_sessions(app, make_user):
    staff = make_user("staff")
    right = pyotp.TOTP(staff.totp_secret).now()
    wrong = "000000" if right != "000000" else "111111"
    for number in range(3):
        guesser = from_address(app, f"203.0.113.{number + 1}")
        guesser.submit("/auth/login", {"email": staff.email, "password": PASSWORD})
        assert guesser.submit("/auth/second-factor", {"code": wrong}).status_code == 200
    owner = from_address(app, "198.51.100.7")
    owner.submit("/auth/login", {"email": staff.email, "password": PASSWORD})
    assert owner.submit("/auth/second-factor", {"code": right}).status_code == 429
    assert owner.get("/staff/").status_code == 302
