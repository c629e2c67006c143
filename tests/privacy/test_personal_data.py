"""People see the privacy notice, consent, download their data and have it erased."""
import json
import re

from portal.audit.models import AuditEntry
from portal.auth.models import User
from portal.extensions import db
from tests.conftest import PASSWORD


def invitation_link(mailbox, email):
    (message,) = mailbox.to(email)
    return re.search(r"https://portal\.example\.org(/auth/invitation/\S+)", mailbox.text(message)).group(1)


def test_invitee_must_consent_to_the_privacy_notice(login_as, mailbox, client, app):
    staff = login_as("staff")
    staff.submit("/staff/invitations", {"email": "guest@example.org", "role": "visitor", "locale": "zh"})
    link = invitation_link(mailbox, "guest@example.org")
    page = client.get(link).get_data(as_text=True)
    assert "个人信息保护法" in page
    refused = client.submit(link, {"password": "a long passphrase", "confirm": "a long passphrase"})
    assert refused.status_code == 200
    accepted = client.submit(link, {"password": "a long passphrase", "confirm": "a long passphrase", "consent": "y"})
    assert accepted.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "guest@example.org"))
        assert user.privacy_consent_at is not None


def test_a_person_downloads_what_the_portal_holds_about_them(login_as):
    member = login_as("member")
    response = member.get("/privacy/my-data.json")
    assert response.headers["Content-Disposition"] == "attachment; filename=my-data.json"
    data = json.loads(response.data)
    assert data["account"]["email"] == member.user.email
    assert data["account"]["firm"] == member.user.firm_slug
    assert any(entry["action"] == "auth.login" for entry in data["account"]["logins"])


def test_erasure_anonymises_the_account_and_keeps_the_audit_log(login_as, app, client):
    member = login_as("member")
    assert member.submit("/privacy/erase", {"password": "wrong"}, page="/privacy/my-data").status_code == 302
    assert member.get("/privacy/my-data").status_code == 200  # still there: wrong password
    member.submit("/privacy/erase", {"password": PASSWORD}, page="/privacy/my-data")
    assert member.get("/privacy/my-data").status_code == 302  # logged out
    assert client.login(member.user.email).status_code == 200  # and cannot log in again
    with app.app_context():
        user = db.session.get(User, member.user.id)
        assert user.email == f"erased-{user.id}@invalid" and user.name == "" and user.erased_at
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.actor_id == user.id)).all()
        assert entries and all(e.ip_address is None for e in entries)
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "privacy.erased"))


def test_privacy_pages_need_a_login(client):
    assert client.get("/privacy/my-data").status_code == 302
    assert client.get("/privacy/my-data.json").status_code == 302
    assert client.get("/privacy/").status_code == 200


def test_privacy_purge_runs_from_cron(app):
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output


def test_private_contacts_never_reach_public_responses(app, client, make_firm):
    """Seed everything, then look for the private fields in every public page, the API and the feed."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    make_firm("私密测试企业", private_contact="PRIVATE-MARKER-13800000000")
    with app.app_context():
        from portal.members.models import Firm

        firms = db.session.scalars(db.select(Firm)).all()
        markers = {f.private_contact for f in firms if f.private_contact}
        slugs = [f.slug for f in firms]
    paths = ["/", "/members/", "/members/?q=示例", "/bulletins/", "/bulletins/feed.atom", "/api/v1/members",
             "/api/v1/members?per_page=100", "/api/v1/bulletins", "/api/v1/openapi.json", "/events/",
             "/api/v1/events", "/events.ics"]
    paths += [f"/members/{slug}" for slug in slugs] + [f"/api/v1/members/{slug}" for slug in slugs]
    for bulletin in client.get("/api/v1/bulletins").json["items"]:
        paths += [f"/bulletins/{bulletin['id']}", f"/api/v1/bulletins/{bulletin['id']}"]
    for event in client.get("/api/v1/events").json["items"]:
        paths += [f"/events/{event['id']}", f"/api/v1/events/{event['id']}"]
    for path in paths:
        body = client.get(path).get_data(as_text=True)
        for marker in markers:
            assert marker not in body, (path, marker)
        assert "@example.org" not in body.replace("office@dl-dta.example.org", "").replace(
            "noreply@example.org", ""), path


def test_a_guest_registers_only_after_consenting_and_the_consent_is_recorded(app, client):
    from datetime import timedelta

    from portal.database import utcnow
    from portal.events.models import Registration
    from portal.events.services import create_event

    with app.app_context():
        starts = utcnow() + timedelta(days=5)
        event = create_event(None, publish=True, title="同意测试", starts_at=starts,
                             ends_at=starts + timedelta(hours=1), venue="会场", capacity=10)
        db.session.commit()
        event_id = event.id
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "个人信息保护法" in page
    data = {"name": "访客", "email": "guest@example.org", "organisation": "示例"}
    refused = client.submit(f"/events/{event_id}/register", data, page=f"/events/{event_id}")
    assert refused.status_code == 400
    client.submit(f"/events/{event_id}/register", {**data, "consent": "y"}, page=f"/events/{event_id}")
    with app.app_context():
        registration = db.session.scalar(db.select(Registration))
        assert registration.privacy_consent_at is not None
