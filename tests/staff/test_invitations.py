"""Staff invite people by email; the invitee chooses their own password."""
import re

from tests.conftest import csrf_from


def invitation_link(mailbox, email):
    (message,) = mailbox.to(email)
    return re.search(r"https://portal\.example\.org(/auth/invitation/\S+)", mailbox.text(message)).group(1)


def test_staff_invite_someone_who_sets_a_password_and_logs_in(login_as, mailbox, client):
    staff = login_as("staff")
    response = staff.submit("/staff/invitations", {
        "email": "New.Rep@Example.org", "name": "王经理", "role": "visitor", "locale": "zh"})
    assert response.status_code == 302
    (message,) = mailbox.to("new.rep@example.org")
    assert message["Subject"] == "邀请您加入协会门户网站"
    assert "王经理" in mailbox.html(message)
    link = invitation_link(mailbox, "new.rep@example.org")
    done = client.submit(link, {"password": "my own passphrase", "confirm": "my own passphrase", "consent": "y"})
    assert done.status_code == 302
    assert "王经理" in client.get("/").get_data(as_text=True)  # logged in, shown by name
    client.logout()
    assert client.login("new.rep@example.org", "my own passphrase").status_code == 302
    assert client.get(link).status_code == 410  # the link worked once


def test_invitation_email_in_english_when_chosen(login_as, mailbox):
    staff = login_as("staff")
    staff.submit("/staff/invitations", {"email": "guest@example.org", "role": "visitor", "locale": "en"})
    (message,) = mailbox.to("guest@example.org")
    assert message["Subject"] == "You are invited to the association portal"


def test_staff_cannot_hand_out_staff_or_admin_accounts(login_as, mailbox):
    staff = login_as("staff")
    for role in ("staff", "admin"):
        response = staff.submit("/staff/invitations", {"email": f"{role}x@example.org", "role": role, "locale": "zh"})
        assert response.status_code == 200  # the form comes back with the error
        assert mailbox.to(f"{role}x@example.org") == []


def test_admin_can_invite_staff(login_as, mailbox):
    admin = login_as("admin")
    response = admin.submit("/staff/invitations", {"email": "colleague@example.org", "role": "staff", "locale": "zh"})
    assert response.status_code == 302
    assert len(mailbox.to("colleague@example.org")) == 1


def test_inviting_an_existing_address_says_so_and_sends_nothing(login_as, make_user, mailbox):
    existing = make_user("member")
    staff = login_as("staff")
    response = staff.submit("/staff/invitations?lang=en", {"email": existing.email, "role": "visitor", "locale": "zh"})
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert mailbox.to(existing.email) == []


def test_representatives_are_invited_from_their_firms_page_not_here(login_as, mailbox):
    staff = login_as("staff")
    response = staff.submit("/staff/invitations", {"email": "rep@example.org", "role": "member", "locale": "zh"})
    assert response.status_code == 200
    assert mailbox.messages == []


def test_invitation_form_without_csrf_is_refused(login_as, mailbox):
    staff = login_as("staff")
    response = staff.post("/staff/invitations", data={"email": "x@example.org", "role": "member", "locale": "zh"})
    assert response.status_code == 400
    assert mailbox.messages == []
    assert csrf_from(staff.get("/staff/invitations").get_data(as_text=True))
