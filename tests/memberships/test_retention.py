"""The licence is personal data with a retention (PIPL): deleted a set time after the decision."""
import pytest

from portal.extensions import db
from portal.memberships.models import MembershipApplication
from tests.memberships.conftest import private_files
from tests.memberships.test_review import decide


def purge(app):
    """What the worker's nightly task does (portal.privacy.tasks), run now."""
    from portal.privacy.tasks import purge_past_retention

    with app.app_context():
        purge_past_retention()


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_the_licence_is_purged_once_the_retention_after_the_decision_has_passed(app, applied, staff, clock, verb):
    application = applied()
    decide(staff, application, verb, note="营业执照已过期")
    clock.move(days=89)
    purge(app)
    assert len(private_files(app)) == 1
    assert staff.get(f"/staff/applications/{application}/license").status_code == 200
    clock.move(days=2)
    purge(app)
    assert private_files(app) == []
    assert staff.get(f"/staff/applications/{application}/license").status_code == 410
    with app.app_context():
        row = db.session.get(MembershipApplication, application)
        assert row.licence_file is None and row.licence_purged_at is not None
        assert row.credit_code and row.status == {"approve": "approved", "reject": "rejected"}[verb]
    page = staff.get(f"/staff/applications/{application}?lang=en").get_data(as_text=True)
    assert "(retention)" in page


def test_a_waiting_application_keeps_its_licence(app, applied, clock):
    applied()
    clock.move(days=400)
    purge(app)
    assert len(private_files(app)) == 1


def test_the_retention_is_a_setting(app, applied, staff, clock):
    app.config["LICENCE_RETENTION_DAYS"] = 7
    decide(staff, applied(), "approve")
    clock.move(days=8)
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "membership_applications: 1" in result.output
    assert private_files(app) == []


def test_the_contact_downloads_and_erases_what_the_application_holds_about_them(app, applied, staff, make_user):
    application = applied()
    decide(staff, application, "approve")
    user = make_user("visitor", email="someone@example.org")  # the export is asked for by an account
    with app.app_context():
        from portal.auth.models import User
        from portal.privacy.services import erase, export_for

        contact = db.session.scalar(db.select(User).where(User.email == "li.hua@example.org"))
        exported = export_for(contact)["membership_applications"]
        assert [(a["firm"], a["contact_phone"], a["licence_held"]) for a in exported] == [
            ("大连星海数字科技有限公司", "0411-8481 2345", True)]
        assert export_for(db.session.get(User, user.id))["membership_applications"] == []
        erase(contact)
        db.session.commit()
        row = db.session.get(MembershipApplication, application)
        assert (row.contact_name, row.contact_phone, row.licence_file) == ("", "", None)
        assert row.contact_email.endswith("@invalid") and row.name == "大连星海数字科技有限公司"
    assert private_files(app) == []
