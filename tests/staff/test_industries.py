"""Admins add, rename and retire industries; a retired one stays on its firms and is offered to nobody new."""
import re

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.members.categories import Industry
from portal.members.models import Firm


def offered(html: str, field: str) -> list[str]:
    """The option values of a page's <select name=field>."""
    select = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {field}"
    return re.findall(r'<option[^>]*value="([^"]*)"', select.group(1))


def retire(admin, code: str, action: str = "retire"):
    return admin.submit(f"/staff/industries/{code}/state", {"state-action": action}, page="/staff/industries/")


@pytest.fixture
def finance_firm(make_firm):
    return make_firm("大连金融示例有限公司", slug="jinrong", industries=["finance", "software"])


def test_a_retired_industry_stays_on_its_firms_page(login_as, client, finance_firm):
    assert retire(login_as("admin"), "finance").status_code == 302
    assert "金融" in client.get("/members/jinrong").get_data(as_text=True)
    assert "Finance" in client.get("/members/jinrong?lang=en").get_data(as_text=True)
    assert client.get("/api/v1/members/jinrong").json["industries"] == ["finance", "software"]


def test_a_retired_industry_is_not_offered_in_the_directory_filter(login_as, client, finance_firm, make_firm):
    make_firm("大连软件示例有限公司", slug="ruanjian", industries=["software"])
    retire(login_as("admin"), "finance")
    page = client.get("/members/").get_data(as_text=True)
    assert "finance" not in offered(page, "industry") and "software" in offered(page, "industry")
    # An old link with the retired industry lists every firm rather than an empty page.
    listed = client.get("/members/?industry=finance").get_data(as_text=True)
    assert 'href="/members/ruanjian"' in listed and 'href="/members/jinrong"' in listed


def test_a_retired_industry_is_offered_to_nobody_new_in_the_profile_form(login_as, make_user, make_firm,
                                                                        finance_firm, client, app):
    retire(login_as("admin"), "finance")
    other = make_user("member")
    other_client = login_as(None)
    other_client.login(other.email)
    form = other_client.get(f"/members/{other.firm_slug}/edit").get_data(as_text=True)
    assert "finance" not in offered(form, "industries")
    # Posted anyway, the form refuses it; and a profile change from elsewhere (an import) drops it.
    refused = other_client.submit(f"/members/{other.firm_slug}/edit", {"name": "另一家企业", "industries": ["finance"]})
    assert "invalid-feedback" in refused.get_data(as_text=True)
    with app.app_context():
        from portal.members import services

        firm = db.session.get(Firm, other.firm_id)
        assert services.clean_profile({"industries": ["finance", "bpo"]}, firm)["industries"] == ["bpo"]
        assert services.clean_profile({"industries": ["finance"]}, db.session.get(Firm, finance_firm.id)) == {
            "industries": ["finance"]}
    staff = login_as("staff")
    new_firm = staff.get("/staff/firms/new").get_data(as_text=True)
    assert "finance" not in offered(new_firm, "industries")
    assert "finance" not in offered(staff.get("/staff/mailings/new").get_data(as_text=True), "industry")
    # The firm that has it keeps it on offer, marked, and keeps it when its profile is saved.
    own = staff.get("/staff/firms/jinrong/edit").get_data(as_text=True)
    assert "finance" in offered(own, "industries") and "金融（已停用）" in own
    response = staff.submit("/staff/firms/jinrong/edit", {"name": "大连金融示例有限公司",
                                                          "industries": ["finance", "software"],
                                                          "address_visibility": "public",
                                                          "public_contact_visibility": "public",
                                                          "telephone_visibility": "staff",
                                                          "contact_email_visibility": "staff"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Firm, finance_firm.id).industries == ["finance", "software"]


def test_an_industry_brought_back_is_offered_again(login_as, client):
    admin = login_as("admin")
    retire(admin, "finance")
    assert retire(admin, "finance", "restore").status_code == 302
    assert "finance" in offered(client.get("/members/").get_data(as_text=True), "industry")


def test_an_added_and_renamed_industry_is_offered_in_both_languages(login_as, client, make_firm):
    admin = login_as("admin")
    response = admin.submit("/staff/industries/", {"new-code": "fintech", "new-label_zh": "金融科技",
                                                   "new-label_en": "Fintech", "new-submit": "1"})
    assert response.status_code == 302
    admin.submit("/staff/industries/fintech", {"label_zh": "金融科技服务", "label_en": "Financial technology",
                                               "submit": "1"})
    page = client.get("/members/").get_data(as_text=True)
    assert offered(page, "industry")[-1] == "fintech" and "金融科技服务" in page
    assert "Financial technology" in client.get("/members/?lang=en").get_data(as_text=True)
    make_firm("大连金科有限公司", slug="jinke", industries=["fintech"])
    assert 'href="/members/jinke"' in client.get("/members/?industry=fintech").get_data(as_text=True)


@pytest.mark.parametrize("fields", [
    {"new-code": "software"}, {"new-code": "Fin Tech"}, {"new-label_zh": ""},
    {"new-code": "an_industry_code_longer_than_thirty"},
])
def test_an_industry_that_cannot_be_added_is_refused_with_the_form(login_as, app, fields):
    admin = login_as("admin")
    response = admin.submit("/staff/industries/", {"new-code": "fintech", "new-label_zh": "金融科技",
                                                   "new-label_en": "Fintech", "new-submit": "1", **fields})
    assert response.status_code == 400 and "invalid-feedback" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Industry)) == 10


def test_a_bad_retirement_or_rename_is_refused(login_as):
    admin = login_as("admin")
    assert retire(admin, "finance", "delete").status_code == 400
    assert admin.submit("/staff/industries/finance", {"label_zh": "", "label_en": "Finance",
                                                      "submit": "1"}).status_code == 400
    assert admin.post("/staff/industries/finance/state", data={"state-action": "retire"}).status_code == 400
    assert retire(admin, "no_such_industry").status_code == 404


@pytest.mark.parametrize("role", ["member", "staff"])
def test_only_admins_reach_the_industry_pages(login_as, role):
    person = login_as(role)
    assert person.get("/staff/industries/").status_code == 403
    assert person.submit("/staff/industries/finance/state", {"state-action": "retire"}, page="/").status_code == 403


def test_every_change_to_the_industries_is_audited(login_as, app):
    admin = login_as("admin")
    admin.submit("/staff/industries/", {"new-code": "fintech", "new-label_zh": "金融科技",
                                        "new-label_en": "Fintech", "new-submit": "1"})
    admin.submit("/staff/industries/fintech", {"label_zh": "金融科技服务", "label_en": "Fintech", "submit": "1"})
    retire(admin, "fintech")
    retire(admin, "fintech", "restore")
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action).where(
            AuditEntry.actor_id == admin.user.id, AuditEntry.target == "industry:fintech")
            .order_by(AuditEntry.id)).all()
    assert actions == ["industry.created", "industry.updated", "industry.retired", "industry.restored"]
