"""Admins disable accounts and change roles; everything lands in the audit log."""
from portal.audit.models import AuditEntry
from portal.extensions import db


def test_disabling_an_account_ends_its_sessions_at_once(login_as):
    admin = login_as("admin")
    member = login_as("member")
    assert member.get("/auth/password").status_code == 200
    response = admin.submit(f"/staff/accounts/{member.user.id}", {"enable-submit": "1"})
    assert response.status_code == 302
    assert member.get("/auth/password").status_code == 302  # back to the login page
    assert member.login(member.user.email).status_code == 200  # and cannot log in again


def test_re_enabled_account_can_log_in_again(login_as, client):
    admin = login_as("admin")
    member = login_as("member")
    admin.submit(f"/staff/accounts/{member.user.id}", {"enable-submit": "1"})
    admin.submit(f"/staff/accounts/{member.user.id}", {"enable-submit": "1"})
    assert client.login(member.user.email).status_code == 302


def test_admin_promotes_a_member_to_staff(login_as):
    admin = login_as("admin")
    member = login_as("member")
    assert member.get("/staff/").status_code == 403
    admin.submit(f"/staff/accounts/{member.user.id}", {"role-role": "staff", "role-submit": "1"})
    member.login(member.user.email)  # a role change ends old sessions too
    assert member.get("/staff/").status_code == 302  # staff sign in with a second factor
    member.enrol()
    assert member.get("/staff/").status_code == 200


def test_admin_cannot_lock_themselves_out(login_as):
    admin = login_as("admin")
    admin.submit(f"/staff/accounts/{admin.user.id}", {"enable-submit": "1"})
    admin.submit(f"/staff/accounts/{admin.user.id}", {"role-role": "visitor", "role-submit": "1"})
    assert admin.get("/staff/accounts").status_code == 200


def test_audit_log_records_who_changed_what(login_as, app):
    admin = login_as("admin")
    member = login_as("member")
    admin.submit(f"/staff/accounts/{member.user.id}", {"role-role": "staff", "role-submit": "1"})
    admin.submit(f"/staff/accounts/{member.user.id}", {"enable-submit": "1"})
    with app.app_context():
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.actor_id == admin.user.id)).all()
        actions = {e.action: e for e in entries}
        assert actions["account.role_changed"].details == {"old": "member", "new": "staff"}
        assert actions["account.disabled"].target == f"user:{member.user.id}"
    page = admin.get("/staff/audit").get_data(as_text=True)
    assert "account.role_changed" in page
    assert admin.user.email in page


def test_unknown_account_is_a_404(login_as):
    assert login_as("admin").get("/staff/accounts/999999").status_code == 404
