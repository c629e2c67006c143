"""With the limits as shipped, a stranger's wrong guesses do not lock the owner out."""
from tests.auth.test_throttling import from_address


def test_a_guesser_elsewhere_cannot_lock_the_owner_out(app, make_user):
    user = make_user("member")
    guesser = from_address(app, "203.0.113.9")
    for _ in range(5):
        assert guesser.login(user.email, "guess").status_code == 200
    assert guesser.login(user.email, "guess").status_code == 429
    owner = from_address(app, "198.51.100.7")
    assert owner.login(user.email).status_code == 302
    assert user.email in owner.get("/").get_data(as_text=True)
