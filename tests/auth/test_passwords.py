"""Changing a password; resetting a forgotten one by email."""
import re

from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"


def reset_link(mailbox, email):
    (message,) = mailbox.to(email)
    return re.search(r"https://portal\.example\.org(/auth/reset/\S+)", mailbox.text(message)).group(1)


def test_member_changes_password_and_other_devices_are_logged_out(login_as, app):
    phone = login_as("member")
    laptop = login_as(None)
    laptop.login(phone.user.email)
    response = phone.submit("/auth/password", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert phone.user.email in phone.get("/").get_data(as_text=True)
    assert phone.user.email not in laptop.get("/").get_data(as_text=True)
    phone.logout()
    assert phone.login(phone.user.email, NEW_PASSWORD).status_code == 302


def test_password_change_needs_the_current_password(login_as):
    person = login_as("member")
    response = person.submit("/auth/password", {
        "current_password": "wrong", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 200
    person.logout()
    assert person.login(person.user.email, PASSWORD).status_code == 302


def test_too_short_or_mismatched_new_password_is_refused_with_a_reason(login_as):
    person = login_as("member")
    short = person.submit("/auth/password?lang=en", {
        "current_password": PASSWORD, "password": "short", "confirm": "short"})
    assert "at least 10 characters" in short.get_data(as_text=True)
    mismatch = person.submit("/auth/password?lang=en", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The two passwords differ" in mismatch.get_data(as_text=True)


def test_forgotten_password_is_reset_from_the_emailed_link_once(client, make_user, mailbox):
    user = make_user("member")
    response = client.submit("/auth/forgot", {"email": user.email})
    assert response.status_code == 302
    link = reset_link(mailbox, user.email)
    assert client.get(link).status_code == 200
    done = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.login(user.email, NEW_PASSWORD).status_code == 302
    assert client.get(link).status_code == 410  # single use


def test_reset_link_comes_from_the_configured_site_not_the_host_header(client, make_user, mailbox):
    user = make_user("member")
    page = client.get("/auth/forgot", headers={"Host": "attacker.example.com"}).get_data(as_text=True)
    from tests.conftest import csrf_from

    client.post("/auth/forgot", data={"csrf_token": csrf_from(page), "email": user.email},
                headers={"Host": "attacker.example.com"})
    (message,) = mailbox.to(user.email)
    assert "attacker" not in mailbox.text(message)
    assert "https://portal.example.org/auth/reset/" in mailbox.html(message)


def test_reset_link_expires_after_an_hour(client, make_user, mailbox, app, monkeypatch):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    link = reset_link(mailbox, user.email)
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3601)
    assert client.get(link).status_code == 410


def test_unknown_address_gets_the_same_answer_and_no_mail(client, mailbox):
    response = client.submit("/auth/forgot", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailbox.messages == []


def test_reset_email_is_in_the_account_language(client, make_user, mailbox):
    user = make_user("member", locale="en")
    client.submit("/auth/forgot", {"email": user.email})
    (message,) = mailbox.to(user.email)
    assert message["Subject"] == "Reset your password"
    zh_user = make_user("member")
    client.submit("/auth/forgot", {"email": zh_user.email})
    (message,) = mailbox.to(zh_user.email)
    assert message["Subject"] == "重置密码"


def test_tampered_reset_link_is_refused(client, make_user, mailbox):
    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    link = reset_link(mailbox, user.email)
    tampered = link[:-3] + ("abc" if not link.endswith("abc") else "xyz")
    assert client.get(tampered).status_code == 410
    assert client.submit(tampered, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                         page="/auth/forgot").status_code == 410
    assert client.login(user.email, PASSWORD).status_code == 302
