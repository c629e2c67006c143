"""Settings: no usable secret in the repository; production refuses to start without one."""
import pytest

from portal import create_app


def test_production_without_a_secret_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.setattr("portal.ROOT", tmp_path)
    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_settings_come_from_portal_variables(monkeypatch, tmp_path):
    monkeypatch.setattr("portal.ROOT", tmp_path)
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PORTAL_DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    monkeypatch.setenv("PORTAL_RATELIMIT_STORAGE_URL", "memory://")
    monkeypatch.setenv("PORTAL_MAIL_PORT", "2525")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///elsewhere.sqlite3"
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["SESSION_COOKIE_SECURE"] is True  # production is the default


def test_development_writes_its_own_random_key_once(monkeypatch, tmp_path):
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    monkeypatch.setattr("portal.ROOT", tmp_path)
    first = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "instance" / "secret_key").exists()


def test_no_secret_key_is_committed():
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "instance"], capture_output=True, text=True).stdout.split()
    assert tracked in ([], ["instance/README.md"])


def test_passwords_are_hashed_with_full_cost_scrypt_outside_tests(monkeypatch, tmp_path):
    monkeypatch.setattr("portal.ROOT", tmp_path)
    app = create_app({"ENV": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    from portal.auth.models import User

    with app.app_context():
        user = User(email="x@example.org")
        user.set_password("a long passphrase")
        assert user.password_hash.startswith("scrypt:32768:8:1$")
