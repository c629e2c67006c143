"""A representative proposes profile changes; staff approve or reject them."""
import re

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.members.models import Firm, ProfileRevision

PROFILE = {"name": "大连星海云数据科技有限公司", "name_en": "Xinghai Cloud", "website": "https://xinghai.example.org",
           "summary": "数据服务", "intro": "第一段\n\n第二段", "industries": ["software", "kpo"],
           "district": "沙河口区", "address": "示例路 1 号", "founded_year": "2010", "staff_size": "50-199",
           "public_contact": "0411-1234", "private_contact": "138-PRIVATE"}


@pytest.fixture
def rep(login_as):
    return login_as("member")


@pytest.fixture
def staff(login_as, make_user):
    return login_as("staff")


def propose(rep, **changes):
    return rep.submit(f"/members/{rep.user.firm_slug}/edit", {**PROFILE, **changes})


def firm_row(app, slug):
    with app.app_context():
        firm = db.session.scalar(db.select(Firm).where(Firm.slug == slug))
        return {"name": firm.name, "tier": firm.tier, "status": firm.status, "intro": firm.intro,
                "private_contact": firm.private_contact, "industries": firm.industries}


def pending_id(app, slug):
    with app.app_context():
        return db.session.scalar(db.select(ProfileRevision.id).join(Firm).where(
            Firm.slug == slug, ProfileRevision.status == "pending"))


def test_changes_wait_for_approval_and_the_public_page_keeps_the_old_profile(rep, client, app, staff):
    old_name = firm_row(app, rep.user.firm_slug)["name"]
    response = propose(rep, name="新名字科技有限公司")
    assert response.status_code == 302
    assert "等待协会审核" in rep.get(response.headers["Location"]).get_data(as_text=True)
    public = client.get(f"/members/{rep.user.firm_slug}").get_data(as_text=True)
    assert old_name in public and "新名字科技有限公司" not in public


def test_staff_approve_a_change_and_the_representative_is_told(rep, staff, client, app, mailbox):
    propose(rep, name="新名字科技有限公司")
    staff_mail = mailbox.to(staff.user.email)
    assert len(staff_mail) == 1 and "/staff/revisions/" in mailbox.text(staff_mail[0])
    revision = pending_id(app, rep.user.firm_slug)
    review = staff.get(f"/staff/revisions/{revision}").get_data(as_text=True)
    assert "新名字科技有限公司" in review and 'id="diff"' in review
    response = staff.submit(f"/staff/revisions/{revision}", {"note": "好的", "approve": "1"})
    assert response.status_code == 302
    row = firm_row(app, rep.user.firm_slug)
    assert row["name"] == "新名字科技有限公司"
    assert row["intro"] == "<p>第一段</p><p>第二段</p>"
    assert row["industries"] == ["kpo", "software"]
    assert "新名字科技有限公司" in client.get(f"/members/{rep.user.firm_slug}").get_data(as_text=True)
    (told,) = mailbox.to(rep.user.email)
    assert "审核通过" in told["Subject"] and "好的" in mailbox.text(told)
    assert "approved" in rep.get(f"/members/{rep.user.firm_slug}/edit?lang=en").get_data(as_text=True)
    # the new name is searchable at once
    assert f'/members/{rep.user.firm_slug}"' in client.get("/members/?q=新名字").get_data(as_text=True)


def test_staff_reject_a_change_with_a_note(rep, staff, app, mailbox):
    before = firm_row(app, rep.user.firm_slug)
    propose(rep, name="不合适的名字")
    revision = pending_id(app, rep.user.firm_slug)
    staff.submit(f"/staff/revisions/{revision}", {"note": "名称需与营业执照一致", "reject": "1"})
    assert firm_row(app, rep.user.firm_slug) == before
    (told,) = mailbox.to(rep.user.email)
    assert "名称需与营业执照一致" in mailbox.text(told)
    page = rep.get(f"/members/{rep.user.firm_slug}/edit").get_data(as_text=True)
    assert "名称需与营业执照一致" in page


def test_a_second_proposal_replaces_the_pending_one(rep, app):
    propose(rep, name="第一版")
    propose(rep, name="第二版")
    with app.app_context():
        pending = db.session.scalars(db.select(ProfileRevision).where(ProfileRevision.status == "pending")).all()
        assert [r.data["name"] for r in pending] == ["第二版"]


def test_a_reviewed_change_cannot_be_reviewed_again(rep, staff, app):
    propose(rep, name="第一版")
    revision = pending_id(app, rep.user.firm_slug)
    staff.submit(f"/staff/revisions/{revision}", {"approve": "1"})
    staff.submit(f"/staff/revisions/{revision}", {"reject": "1"}, page=f"/staff/revisions/{revision}")
    with app.app_context():
        assert db.session.get(ProfileRevision, revision).status == "approved"


def test_member_cannot_edit_another_firm(rep, make_firm, app):
    other = make_firm("别人的公司")
    assert rep.get(f"/members/{other.slug}/edit").status_code == 403
    response = rep.submit(f"/members/{other.slug}/edit", PROFILE, page="/")
    assert response.status_code == 403
    assert pending_id(app, other.slug) is None


@pytest.mark.parametrize("role", [None, "visitor"])
def test_visitors_cannot_edit_profiles(login_as, make_firm, role):
    firm = make_firm()
    response = login_as(role).get(f"/members/{firm.slug}/edit")
    assert response.status_code == (302 if role is None else 403)


def test_extra_form_fields_cannot_set_tier_status_or_firm(rep, staff, app, make_firm):
    other = make_firm("另一家")
    before = firm_row(app, rep.user.firm_slug)
    propose(rep, tier="president", status="lapsed", firm_id=str(other.id), slug="hijack", role="admin")
    staff.submit(f"/staff/revisions/{pending_id(app, rep.user.firm_slug)}", {"approve": "1"})
    after = firm_row(app, rep.user.firm_slug)
    assert (after["tier"], after["status"]) == (before["tier"], before["status"])
    assert rep.get("/members/hijack").status_code == 404
    assert rep.get("/staff/").status_code == 403


def test_intro_is_sanitised_on_save(rep, staff, app):
    propose(rep, intro='<p onclick="x()">好</p><script>alert(1)</script><a href="javascript:alert(1)">链接</a>')
    staff.submit(f"/staff/revisions/{pending_id(app, rep.user.firm_slug)}", {"approve": "1"})
    intro = firm_row(app, rep.user.firm_slug)["intro"]
    assert "<script" not in intro and "onclick" not in intro and "javascript:" not in intro
    assert "好" in intro


def test_invalid_website_is_refused_with_a_reason(rep):
    response = propose(rep, website="javascript:alert(1)")
    assert response.status_code == 200
    assert "http://" in response.get_data(as_text=True)


def test_approval_is_audited(rep, staff, app):
    propose(rep, name="审计测试")
    staff.submit(f"/staff/revisions/{pending_id(app, rep.user.firm_slug)}", {"approve": "1"})
    with app.app_context():
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"firm.change_proposed", "firm.change_approved"} <= actions


def test_revision_mail_links_use_the_site_address(rep, staff, mailbox):
    propose(rep, name="链接测试")
    (message,) = mailbox.to(staff.user.email)
    assert re.search(r"https://portal\.example\.org/staff/revisions/\d+", mailbox.text(message))
