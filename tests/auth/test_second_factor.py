"""Staff and admins sign in with a password and a code from their phone; others may choose to."""
import re
from datetime import timedelta

import pyotp
import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.conftest import PASSWORD, SECOND_FACTOR, Browserish, csrf_from


def actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def password_only(client, email):
    """Give the right password and stop where the code is asked."""
    return client.submit("/auth/login", {"email": email, "password": PASSWORD})


def give_code(client, code, url=SECOND_FACTOR):
    return client.submit(url, {"code": code}, page=SECOND_FACTOR if url == SECOND_FACTOR else "/auth/two-factor")


def test_staff_enrol_at_their_first_login_and_see_recovery_codes_once(client, make_user, app):
    staff = make_user("staff", two_factor=False)
    response = password_only(client, staff.email)
    assert response.headers["Location"] == SECOND_FACTOR
    page = client.get(SECOND_FACTOR).get_data(as_text=True)
    assert "<svg" in page and "cdn" not in page.lower()
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    assert client.get("/staff/").status_code == 302  # not yet
    done = give_code(client, pyotp.TOTP(secret).now())
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4})</li>", done.get_data(as_text=True))
    assert len(codes) == 10
    assert client.get("/staff/").status_code == 200
    assert actions(app)[-2:] == ["auth.2fa_enrolled", "auth.login"]
    with app.app_context():
        from portal.auth.models import RecoveryCode

        stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored) and not {c.replace("-", "") for c in codes} & set(stored)


def test_an_enrolling_staff_member_must_prove_the_phone_has_the_secret(client, make_user):
    staff = make_user("staff", two_factor=False)
    password_only(client, staff.email)
    wrong = give_code(client, "000000")
    assert wrong.status_code == 200 and 'id="totp-secret"' in wrong.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_staff_reach_no_staff_page_with_the_password_alone(client, make_user):
    staff = make_user("staff")
    password_only(client, staff.email)
    for path in ("/staff/", "/staff/events/"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert staff.email not in client.get("/").get_data(as_text=True)


def test_staff_with_the_right_code_get_in_and_go_where_they_were_headed(client, make_user, app):
    staff = make_user("staff")
    client.submit("/auth/login?next=/staff/events/", {"email": staff.email, "password": PASSWORD})
    response = give_code(client, pyotp.TOTP(staff.totp_secret).now())
    assert response.headers["Location"] == "/staff/events/"
    assert client.get("/staff/events/").status_code == 200
    assert actions(app)[-1] == "auth.login"


def test_a_wrong_code_keeps_staff_out(client, make_user, app):
    staff = make_user("staff")
    password_only(client, staff.email)
    response = give_code(client, "123456" if pyotp.TOTP(staff.totp_secret).now() != "123456" else "654321")
    assert response.status_code == 200
    assert "验证码错误或已用过" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    assert actions(app)[-1] == "auth.2fa_failed"


def test_a_code_seen_over_a_shoulder_cannot_be_used_again(client, make_user, app):
    staff = make_user("staff")
    code = pyotp.TOTP(staff.totp_secret).now()
    password_only(client, staff.email)
    assert give_code(client, code).status_code == 302
    other = Browserish(app.test_client())
    password_only(other, staff.email)
    assert give_code(other, code).status_code == 200
    assert other.get("/staff/").status_code == 302


def test_a_recovery_code_stands_in_for_the_phone_once(client, make_user, app):
    staff = make_user("staff", two_factor=False)
    password_only(client, staff.email)
    enrolled, _secret = client.enrol()
    code = re.findall(r"<li>([a-z2-9]{4}-[a-z2-9]{4})</li>", enrolled.get_data(as_text=True))[0]
    client.logout()
    password_only(client, staff.email)
    assert give_code(client, code.upper().replace("-", " ")).status_code == 302  # as typed off paper
    assert client.get("/staff/").status_code == 200
    assert "auth.2fa_recovery_code_used" in actions(app)
    client.logout()
    password_only(client, staff.email)
    assert give_code(client, code).status_code == 200
    assert client.get("/staff/").status_code == 302


def test_the_wait_for_the_code_lapses(client, make_user, monkeypatch):
    import portal.database

    staff = make_user("staff")
    password_only(client, staff.email)
    later = portal.database.utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(portal.database, "utcnow", lambda: later)
    page = client.get(SECOND_FACTOR)
    assert page.status_code == 410
    code = pyotp.TOTP(staff.totp_secret).at(later)
    html = client.get("/auth/login").get_data(as_text=True)
    assert client.post(SECOND_FACTOR, data={"csrf_token": csrf_from(html), "code": code}).status_code == 410
    assert client.get("/staff/").status_code == 302


def test_keep_me_logged_in_is_kept_through_the_second_factor(client, make_user):
    staff = make_user("staff")
    response = client.login(staff.email, remember=True)
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is not None


def test_members_without_a_second_factor_are_not_asked(client, make_user):
    member = make_user("member")
    response = password_only(client, member.email)
    assert response.headers["Location"] == "/"
    assert member.email in client.get("/").get_data(as_text=True)


def test_a_member_can_turn_two_step_sign_in_on_and_off(client, make_user, app):
    member = make_user("member")
    client.login(member.email)
    page = client.get("/auth/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    assert give_code(client, pyotp.TOTP(secret).now(), url="/auth/two-factor/enrol").status_code == 200
    assert "auth.2fa_enrolled" in actions(app)
    client.logout()
    assert password_only(client, member.email).headers["Location"] == SECOND_FACTOR
    assert client.login(member.email).status_code == 302  # the helper gives the code
    off = client.submit("/auth/two-factor/disable", {"password": PASSWORD}, page="/auth/two-factor")
    assert off.status_code == 302
    client.logout()
    assert password_only(client, member.email).headers["Location"] == "/"


def test_a_member_turning_it_off_needs_the_password(client, make_user):
    member = make_user("member", two_factor=True)
    client.login(member.email)
    client.submit("/auth/two-factor/disable", {"password": "not it"}, page="/auth/two-factor")
    client.logout()
    assert password_only(client, member.email).headers["Location"] == SECOND_FACTOR


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admins_cannot_turn_two_step_sign_in_off(login_as, role):
    person = login_as(role)
    response = person.submit("/auth/two-factor/disable", {"password": PASSWORD}, page="/auth/two-factor")
    assert response.status_code == 403


def test_an_admin_reset_makes_a_staff_member_enrol_again(client, make_user, app):
    staff = make_user("staff")
    client.login(staff.email)
    result = app.test_cli_runner().invoke(args=["users", "reset-2fa", staff.email.upper()])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302  # the old session ended with the reset
    password_only(client, staff.email)
    assert 'id="totp-secret"' in client.get(SECOND_FACTOR).get_data(as_text=True)
    assert "account.2fa_reset" in actions(app)


def test_resetting_an_unknown_account_fails_with_a_reason(app):
    result = app.test_cli_runner().invoke(args=["users", "reset-2fa", "nobody@example.org"])
    assert result.exit_code != 0
    assert "no account for nobody@example.org" in result.output
    assert actions(app) == []


def test_an_invited_admin_enrols_before_the_account_opens(client, make_user, app):
    from portal.auth import tokens
    from portal.auth.models import User

    admin = make_user("admin", password=None, two_factor=False)
    with app.app_context():
        token = tokens.make_token(db.session.get(User, admin.id), tokens.INVITATION)
    link = f"/auth/invitation/{token}"
    done = client.submit(link, {"password": "my own passphrase", "confirm": "my own passphrase", "consent": "y"})
    assert done.headers["Location"] == SECOND_FACTOR
    assert client.get("/staff/").status_code == 302
    client.enrol()
    assert client.get("/staff/audit").status_code == 200
