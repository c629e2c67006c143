"""Staff review applications: the licence for their eyes only, approve makes (or joins) the firm, reject says why."""
import re

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.members.models import Firm
from tests.conftest import Browserish, csrf_from
from tests.memberships.conftest import VALID_CODES, licence_pdf, link_in


def decide(staff, application_id: int, verb: str, **data):
    page = f"/staff/applications/{application_id}?lang=en"
    return staff.submit(f"/staff/applications/{application_id}/{verb}?lang=en", data, page=page)


def firms(app) -> list[tuple]:
    with app.app_context():
        return [(f.slug, f.name, f.tier, f.status, f.credit_code)
                for f in db.session.scalars(db.select(Firm).order_by(Firm.id))]


def audit_actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def test_staff_see_waiting_applications_first_with_a_warning_for_a_name_already_listed(app, applied, staff,
                                                                                     make_firm):
    make_firm(name="大连星海数字科技有限公司", slug="xinghai")
    decided = applied(name="大连甲乙科技有限公司", credit_code=VALID_CODES[1])
    decide(staff, decided, "reject", note="资料不全")
    waiting = applied()
    html = staff.get("/staff/applications/?lang=en").get_data(as_text=True)
    assert html.index(f"/staff/applications/{waiting}") < html.index(f"/staff/applications/{decided}")
    assert 'data-warning="name"' in html and "similar name" in html


def test_the_licence_is_hidden_from_visitors_and_members_and_served_to_staff_as_a_document(app, applied, login_as,
                                                                                         staff):
    application = applied(licence=licence_pdf(), filename="licence.pdf")
    url = f"/staff/applications/{application}/license"
    for role in (None, "visitor", "member"):
        assert login_as(role).get(url).status_code == 404, role
    served = staff.get(url)
    assert served.status_code == 200 and served.data.startswith(b"%PDF-")
    assert served.mimetype == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "no-store" in served.headers["Cache-Control"]
    page = staff.get(f"/staff/applications/{application}").get_data(as_text=True)
    assert url in page and VALID_CODES[0] in page and "li.hua@example.org" in page


def test_an_image_licence_opens_in_the_browser_for_staff(app, applied, staff):
    application = applied()
    served = staff.get(f"/staff/applications/{application}/license")
    assert served.mimetype == "image/png" and served.headers["Content-Disposition"].startswith("inline")


def test_apply_approve_invite_login_and_edit_the_profile(app, client, applied, staff, mailbox):
    application = applied()
    response = decide(staff, application, "approve")
    assert response.status_code == 302
    ((slug, name, tier, status, code),) = firms(app)
    assert (name, tier, status, code) == ("大连星海数字科技有限公司", "council", "active", VALID_CODES[0])
    # In the directory and its search at once, and in the API.
    assert name in client.get("/members/").get_data(as_text=True)
    assert name in client.get("/members/?q=星海").get_data(as_text=True)
    assert [m["slug"] for m in client.get("/api/v1/members?q=xinghai").get_json()["items"]] == [slug]
    assert client.get(f"/members/{slug}").status_code == 200
    # The contact is invited to represent it, in the language they applied in.
    invitation = link_in(mailbox, "li.hua@example.org", "/auth/invitation/")
    (welcome,) = [m for m in mailbox.to("li.hua@example.org") if "/auth/invitation/" in mailbox.text(m)]
    assert name in welcome["Subject"]
    representative = Browserish(app.test_client())
    form = representative.get(invitation).get_data(as_text=True)
    accepted = representative.post(invitation, data={"csrf_token": csrf_from(form), "password": "a good long password",
                                                     "confirm": "a good long password", "consent": "y"})
    assert accepted.status_code == 302
    representative.logout()
    assert representative.login("li.hua@example.org", "a good long password").status_code == 302
    edited = representative.submit(f"/members/{slug}/edit", {"name": name, "summary": "跨境数字服务"})
    assert edited.status_code == 302
    assert "wait for the association" in representative.get(f"/members/{slug}/edit?lang=en").get_data(as_text=True)
    state = client.get(link_in(mailbox, "li.hua@example.org", "/join/")).get_data(as_text=True)
    assert 'data-status="approved"' in state
    assert {"membership.applied", "membership.approved", "firm.created", "account.invited"} <= set(audit_actions(app))


def test_rejecting_emails_the_note_and_the_state_page_shows_it(app, client, applied, staff, mailbox):
    application = applied(lang="en")
    state_link = link_in(mailbox, "li.hua@example.org", "/join/")
    assert decide(staff, application, "reject", note="The licence scan is unreadable.").status_code == 302
    rejection = mailbox.to("li.hua@example.org")[-1]
    assert rejection["Subject"] == "Your application to join was not approved"
    assert "The licence scan is unreadable." in mailbox.text(rejection)
    page = client.get(state_link).get_data(as_text=True)
    assert 'data-status="rejected"' in page and "The licence scan is unreadable." in page
    assert firms(app) == [] and "membership.rejected" in audit_actions(app)


def test_a_rejection_needs_a_note(app, applied, staff, mailbox):
    application = applied()
    response = decide(staff, application, "reject", note="  ")
    assert response.status_code == 400
    assert "This field is required" in response.get_data(as_text=True)
    assert len(mailbox.to("li.hua@example.org")) == 1  # the receipt only


@pytest.mark.parametrize("first, second", [("approve", "approve"), ("approve", "reject"), ("reject", "approve"),
                                           ("reject", "reject")])
def test_a_decided_application_cannot_be_decided_again(app, applied, staff, mailbox, first, second):
    application = applied()
    assert decide(staff, application, first, note="第一次").status_code == 302
    mails = len(mailbox.messages)
    again = decide(staff, application, second, note="第二次")
    assert again.status_code == 409
    assert "already been decided" in again.get_data(as_text=True)
    assert len(firms(app)) == (1 if first == "approve" else 0)
    assert len(mailbox.messages) == mails


def test_an_application_with_a_members_credit_code_joins_that_firm_and_invites_the_contact_to_it(
        app, applied, staff, mailbox):
    first = applied()
    decide(staff, first, "approve")
    ((slug, *_),) = firms(app)
    second = applied(name="大连星海数字科技股份有限公司", contact_email="wang@example.org", tier="member")
    detail = staff.get(f"/staff/applications/{second}?lang=en").get_data(as_text=True)
    assert 'data-warning="credit-code"' in detail and "Make a new firm" not in detail
    # A new firm is refused even when asked for: never two firms with one credit code.
    assert decide(staff, second, "approve", firm="new").status_code == 409
    assert decide(staff, second, "approve").status_code == 302
    assert [f[0] for f in firms(app)] == [slug]
    assert firms(app)[0][2] == "council"  # the member's tier is staff's to change, not the application's
    assert link_in(mailbox, "wang@example.org", "/auth/invitation/")
    with app.app_context():
        from portal.auth.services import find_user

        assert find_user("wang@example.org").firm.slug == slug


def test_staff_join_an_application_to_a_listed_firm_of_the_same_name_which_takes_its_credit_code(
        app, applied, staff, make_firm):
    listed = make_firm(name="大连星海数字科技有限公司", slug="xinghai", tier="vice_president")
    application = applied()
    detail = staff.get(f"/staff/applications/{application}?lang=en").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{listed.id}"', detail)  # joining is what approval does unless told
    assert decide(staff, application, "approve").status_code == 302
    assert firms(app) == [("xinghai", "大连星海数字科技有限公司", "vice_president", "active", VALID_CODES[0])]


def test_staff_may_decide_a_similar_name_is_another_firm(app, applied, staff, make_firm):
    make_firm(name="大连星海数字科技有限公司", slug="xinghai")
    application = applied()
    assert decide(staff, application, "approve", firm="new").status_code == 302
    assert [f[0] for f in firms(app)][0] == "xinghai" and len(firms(app)) == 2


def test_a_contact_who_has_a_visitor_account_becomes_the_representative(app, applied, staff, make_user, mailbox):
    visitor = make_user("visitor", email="li.hua@example.org")
    application = applied()
    decide(staff, application, "approve")
    with app.app_context():
        from portal.auth.models import User

        user = db.session.get(User, visitor.id)
        assert (user.role, user.firm.name) == ("member", "大连星海数字科技有限公司")
    assert "/auth/login" in mailbox.text(mailbox.to("li.hua@example.org")[-1])


def test_a_staff_address_given_as_contact_keeps_its_role(app, applied, staff, make_user, mailbox):
    colleague = make_user("staff", email="li.hua@example.org")
    response = decide(staff, applied(), "approve")
    assert response.status_code == 302
    assert "was not invited" in staff.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        from portal.auth.models import User

        assert db.session.get(User, colleague.id).role == "staff"


def test_deciding_needs_the_forms_token(app, applied, staff):
    application = applied()
    assert staff.post(f"/staff/applications/{application}/approve").status_code == 400
    assert firms(app) == []


def test_two_applications_with_one_credit_code_approved_at_once_make_one_firm_and_a_clear_answer(
        app, applied, staff, monkeypatch):
    from portal.memberships import applications

    first, second = applied(), applied(name="大连星海数字科技股份有限公司", contact_email="wang@example.org")
    assert decide(staff, first, "approve").status_code == 302
    # The second approval read the directory before the first committed: it saw no holder.
    monkeypatch.setattr(applications, "_target_firm", lambda application, choice: None)
    response = decide(staff, second, "approve", firm="new")
    assert response.status_code == 409
    assert "approved a moment ago" in response.get_data(as_text=True)
    assert len(firms(app)) == 1
    with app.app_context():
        from portal.memberships.models import MembershipApplication

        assert db.session.get(MembershipApplication, second).is_pending  # nothing half-written: still waiting


def test_a_lapsed_member_applying_again_is_listed_again_with_a_new_unpaid_year(app, client, applied, staff,
                                                                             make_firm):
    from portal.memberships.models import MembershipPeriod

    lapsed = make_firm(name="大连星海数字科技有限公司", slug="xinghai", status="lapsed")
    assert "xinghai" not in client.get("/members/").get_data(as_text=True)
    assert decide(staff, applied(), "approve").status_code == 302
    assert firms(app)[0][3] == "active"
    assert "/members/xinghai" in client.get("/members/").get_data(as_text=True)
    with app.app_context():
        (period,) = db.session.scalars(db.select(MembershipPeriod).where(MembershipPeriod.firm_id == lapsed.id))
        assert period.dues_fen > 0 and period.ends_on >= period.starts_on
