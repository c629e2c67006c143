"""Staff create firms, set tier and status, invite representatives."""
import re

from portal.extensions import db
from portal.members.models import Firm


def test_staff_create_a_firm_that_appears_in_the_directory(login_as, client):
    staff = login_as("staff")
    response = staff.submit("/staff/firms/new", {"slug": "new-firm", "name": "大连新成员有限公司", "tier": "council",
                                                 "intro": "简介"})
    assert response.status_code == 302
    page = client.get("/members/?q=新成员").get_data(as_text=True)
    assert 'href="/members/new-firm"' in page


def test_duplicate_or_bad_slug_is_refused_with_the_form(login_as, make_firm):
    make_firm(slug="taken")
    staff = login_as("staff")
    taken = staff.submit("/staff/firms/new", {"slug": "taken", "name": "重复", "tier": "member"})
    bad = staff.submit("/staff/firms/new", {"slug": "Not A Slug!", "name": "坏", "tier": "member"})
    assert taken.status_code == bad.status_code == 200


def test_staff_set_tier_and_status(login_as, make_firm, app, client):
    firm = make_firm()
    staff = login_as("staff")
    staff.submit(f"/staff/firms/{firm.slug}", {"standing-tier": "president", "standing-status": "lapsed",
                                               "standing-submit": "1"})
    with app.app_context():
        row = db.session.get(Firm, firm.id)
        assert (row.tier, row.tier_rank, row.status) == ("president", 0, "lapsed")
    assert client.get(f"/members/{firm.slug}").status_code == 404


def test_standing_set_by_staff_reaches_the_directory_search(login_as, make_firm, client):
    make_firm("大连甲软件", "member", slug="jia")
    firm = make_firm("大连乙软件", "council", slug="yi")
    staff = login_as("staff")

    def searched() -> list[str]:
        page = client.get("/members/", query_string={"q": "大连"}).get_data(as_text=True)
        return sorted(("jia", "yi"), key=lambda slug: page.find(f'href="/members/{slug}"')) \
            if 'href="/members/yi"' in page else ["jia"]

    assert searched() == ["yi", "jia"]
    staff.submit(f"/staff/firms/{firm.slug}", {"standing-tier": "member", "standing-status": "lapsed",
                                               "standing-submit": "1"})
    assert searched() == ["jia"]
    staff.submit(f"/staff/firms/{firm.slug}", {"standing-tier": "member", "standing-status": "active",
                                               "standing-submit": "1"})
    assert searched() == ["jia", "yi"]  # same tier now: by name, 甲 (jia) before 乙 (yi)


def test_staff_invite_a_representative_who_can_then_edit_the_firm(login_as, make_firm, mailbox, client):
    firm = make_firm()
    staff = login_as("staff")
    staff.submit(f"/staff/firms/{firm.slug}", {"rep-email": "rep@example.org", "rep-name": "李代表",
                                               "rep-locale": "zh", "rep-submit": "1"})
    (message,) = mailbox.to("rep@example.org")
    link = re.search(r"https://portal\.example\.org(/auth/invitation/\S+)", mailbox.text(message)).group(1)
    client.submit(link, {"password": "a good passphrase", "confirm": "a good passphrase", "consent": "y"})
    assert client.get(f"/members/{firm.slug}/edit").status_code == 200


def test_members_cannot_reach_staff_firm_pages(login_as, make_firm):
    firm = make_firm()
    member = login_as("member")
    for path in ("/staff/firms", "/staff/firms/new", f"/staff/firms/{firm.slug}", "/staff/revisions"):
        assert member.get(path).status_code == 403, path


def test_staff_edit_a_profile_directly(login_as, make_firm, client):
    firm = make_firm()
    staff = login_as("staff")
    response = staff.submit(f"/staff/firms/{firm.slug}/edit", {"name": "员工直接修改有限公司", "intro": "新简介"})
    assert response.status_code == 302
    assert "员工直接修改有限公司" in client.get(f"/members/{firm.slug}").get_data(as_text=True)
