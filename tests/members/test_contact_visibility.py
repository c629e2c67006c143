"""A representative decides who sees each contact detail: everyone, the members, or the association's staff."""
import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.members.models import Firm, ProfileRevision
from portal.members.states import Visibility
from tests.home.test_markup import Markup

PUBLIC_CONTACT = "市场部 王女士"
MEMBERS_TELEPHONE = "0411-8111 2222"
STAFF_EMAIL = "secret-desk@hidden.example"
PUBLIC_ADDRESS = "软件园路 9 号"
PRIVATE_CONTACT = "秘书长手机 139-0000-1111"


@pytest.fixture
def firm(make_firm):
    return make_firm("大连可见性测试有限公司", district="高新园区", public_contact=PUBLIC_CONTACT,
                     telephone=MEMBERS_TELEPHONE, telephone_visibility=Visibility.MEMBERS,
                     contact_email=STAFF_EMAIL, contact_email_visibility=Visibility.STAFF,
                     address=PUBLIC_ADDRESS, private_contact=PRIVATE_CONTACT)


def seen_on_page(person, firm) -> set[str]:
    page = person.get(f"/members/{firm.slug}").get_data(as_text=True)
    return {value for value in (PUBLIC_CONTACT, MEMBERS_TELEPHONE, STAFF_EMAIL, PUBLIC_ADDRESS, PRIVATE_CONTACT)
            if value in page}


def test_a_visitor_sees_only_the_public_contact_details(firm, login_as):
    assert seen_on_page(login_as(None), firm) == {PUBLIC_CONTACT, PUBLIC_ADDRESS}
    assert seen_on_page(login_as("visitor"), firm) == {PUBLIC_CONTACT, PUBLIC_ADDRESS}


def test_a_representative_of_another_firm_sees_members_only_details_but_not_staff_only_ones(firm, login_as):
    other_rep = login_as("member")
    assert seen_on_page(other_rep, firm) == {PUBLIC_CONTACT, PUBLIC_ADDRESS, MEMBERS_TELEPHONE}
    page = other_rep.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "仅限会员" in page  # the members-only detail says so, so nobody takes it for public
    assert other_rep.get(f"/members/{firm.slug}").headers["Cache-Control"] == "private, no-store"


def test_staff_see_every_contact_detail(firm, login_as):
    assert seen_on_page(login_as("staff"), firm) == {
        PUBLIC_CONTACT, PUBLIC_ADDRESS, MEMBERS_TELEPHONE, STAFF_EMAIL, PRIVATE_CONTACT}


def test_a_representative_whose_membership_lapsed_sees_only_public_details(firm, app, login_as, make_user,
                                                                            make_firm):
    from portal.members.services import get_firm, set_standing

    lapsed = make_firm("已失效会员公司")
    person = login_as(None)
    person.login(make_user("member", firm=lapsed).email)
    assert MEMBERS_TELEPHONE in person.get(f"/members/{firm.slug}").get_data(as_text=True)
    with app.app_context():
        set_standing(None, get_firm(lapsed.slug), "member", "lapsed")
        db.session.commit()
    assert seen_on_page(person, firm) == {PUBLIC_CONTACT, PUBLIC_ADDRESS}


def test_an_address_hidden_from_visitors_leaves_the_district_public(make_firm, client, login_as):
    firm = make_firm(district="沙河口区", address="隐藏路 1 号", address_visibility=Visibility.MEMBERS)
    page = client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "沙河口区" in page and "隐藏路 1 号" not in page
    assert "隐藏路 1 号" in login_as("member").get(f"/members/{firm.slug}").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "member", "staff"])
def test_the_api_never_returns_a_contact_detail_that_is_not_public(firm, login_as, role):
    person = login_as(role)
    paths = ["/api/v1/members", "/api/v1/members?per_page=100", f"/api/v1/members/{firm.slug}",
             f"/api/v1/members?q={MEMBERS_TELEPHONE}", "/api/v1/members?q=81112222", "/bulletins/feed.atom",
             "/api/v1/openapi.json"]
    for path in paths:
        body = person.get(path).get_data(as_text=True)
        for hidden in (MEMBERS_TELEPHONE, "8111", STAFF_EMAIL, PRIVATE_CONTACT):
            assert hidden not in body, (path, hidden)
    assert person.get(f"/api/v1/members?q={MEMBERS_TELEPHONE}").json["total"] == 0


@pytest.mark.parametrize("query", ["0411-8111 2222", "8111", "81112222", "secret-desk", "hidden.example"])
def test_searching_for_a_members_only_detail_finds_nothing(firm, login_as, app, query):
    member = login_as("member")
    page = member.get("/members/", query_string={"q": query}).get_data(as_text=True)
    assert f'href="/members/{firm.slug}"' not in page
    from portal.search import search_page

    with app.app_context():
        assert search_page("firm", query).object_ids == []


def test_the_search_index_holds_no_contact_detail(firm, app):
    from portal.members.services import firm_document

    with app.app_context():
        document = firm_document(db.session.get(Firm, firm.id))
        indexed = " ".join(str(part) for part in document)
    for value in (PUBLIC_CONTACT, MEMBERS_TELEPHONE, STAFF_EMAIL, PUBLIC_ADDRESS, PRIVATE_CONTACT):
        assert value not in indexed


def firm_values(app, slug):
    with app.app_context():
        firm = db.session.scalar(db.select(Firm).where(Firm.slug == slug))
        return {"telephone": firm.telephone, "telephone_visibility": firm.telephone_visibility,
                "contact_email": firm.contact_email, "contact_email_visibility": firm.contact_email_visibility,
                "address_visibility": firm.address_visibility}


def profile_of(app, slug) -> dict:
    from portal.members.services import profile_data

    with app.app_context():
        data = profile_data(db.session.scalar(db.select(Firm).where(Firm.slug == slug)))
    data.pop("logo")
    data["founded_year"] = data["founded_year"] or ""
    return {key: value for key, value in data.items() if value is not None}


def pending_id(app, slug):
    with app.app_context():
        return db.session.scalar(db.select(ProfileRevision.id).join(Firm).where(
            Firm.slug == slug, ProfileRevision.status == "pending"))


def test_making_a_telephone_public_waits_for_the_association_s_approval(login_as, client, app):
    rep = login_as("member")
    staff = login_as("staff")
    slug = rep.user.firm_slug
    response = rep.submit(f"/members/{slug}/edit", {**profile_of(app, slug), "telephone": "0411-8222 3333",
                                                     "telephone_visibility": "public"})
    assert response.status_code == 302
    assert firm_values(app, slug)["telephone"] == ""
    assert "0411-8222 3333" not in client.get(f"/members/{slug}").get_data(as_text=True)
    edit = Markup(rep.get(f"/members/{slug}/edit").get_data(as_text=True))
    checked = [attrs["value"] for tag, attrs, _text in edit.elements
               if tag == "input" and attrs.get("name") == "telephone_visibility" and "checked" in attrs]
    assert checked == ["public"]  # the form shows the pending choice, not the approved one
    revision = pending_id(app, slug)
    review = staff.get(f"/staff/revisions/{revision}?lang=en").get_data(as_text=True)
    assert "Who sees the telephone number" in review and "Association staff only" in review and "Public" in review
    staff.submit(f"/staff/revisions/{revision}", {"approve": "1"})
    assert firm_values(app, slug)["telephone_visibility"] == "public"
    assert "0411-8222 3333" in client.get(f"/members/{slug}").get_data(as_text=True)


def test_hiding_the_address_takes_effect_at_once_without_waiting_for_staff(login_as, client, app, make_user,
                                                                         make_firm):
    firm = make_firm(address="公开路 2 号")
    rep = login_as(None)
    rep.login(make_user("member", firm=firm).email)
    response = rep.submit(f"/members/{firm.slug}/edit?lang=en", {**profile_of(app, firm.slug),
                                                                  "address_visibility": "staff"})
    assert response.status_code == 302
    assert "fewer people see" in rep.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "公开路 2 号" not in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "公开路 2 号" not in login_as("member").get(f"/members/{firm.slug}").get_data(as_text=True)
    assert pending_id(app, firm.slug) is None  # nothing for staff to approve
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "firm.contacts_hidden"))
        assert entry.details["fields"] == {"address_visibility": {"old": "public", "new": "staff"}}


def test_hiding_one_detail_and_changing_another_hides_at_once_and_the_rest_waits(login_as, client, app,
                                                                               make_user, make_firm):
    firm = make_firm(address="公开路 2 号")
    rep = login_as(None)
    rep.login(make_user("member", firm=firm).email)
    rep.submit(f"/members/{firm.slug}/edit", {**profile_of(app, firm.slug), "address_visibility": "members",
                                              "summary": "新的简介"})
    assert "公开路 2 号" not in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "公开路 2 号" in login_as("member").get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "新的简介" not in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    staff = login_as("staff")
    staff.submit(f"/staff/revisions/{pending_id(app, firm.slug)}", {"approve": "1"})
    page = client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert "新的简介" in page and "公开路 2 号" not in page


def test_staff_set_who_sees_a_detail_at_once_and_it_is_audited(login_as, make_firm, app, client):
    from portal.audit.models import AuditEntry

    firm = make_firm()
    staff = login_as("staff")
    response = staff.submit(f"/staff/firms/{firm.slug}/edit", {
        **profile_of(app, firm.slug), "contact_email": "info@firm.example", "contact_email_visibility": "public"})
    assert response.status_code == 302
    assert firm_values(app, firm.slug)["contact_email_visibility"] == "public"
    assert 'href="mailto:info@firm.example"' in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "firm.updated"))
        assert "contact_email_visibility" in entry.details["fields"]


@pytest.mark.parametrize("changes", [{"telephone_visibility": "everyone"}, {"telephone": "call me maybe"},
                                     {"contact_email": "not an address"}])
def test_a_bad_contact_field_re_renders_the_form_and_stores_nothing(login_as, app, changes):
    rep = login_as("member")
    slug = rep.user.firm_slug
    response = rep.submit(f"/members/{slug}/edit", {**profile_of(app, slug), **changes})
    assert response.status_code == 200
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert pending_id(app, slug) is None


def test_the_edit_form_asks_who_sees_each_contact_detail_in_a_labelled_group(login_as):
    rep = login_as("member")
    markup = Markup(rep.get(f"/members/{rep.user.firm_slug}/edit?lang=en").get_data(as_text=True))
    legends = [text.strip() for tag, _attrs, text in markup.elements if tag == "legend"]
    assert legends == ["Who sees the address", "Who sees the contact", "Who sees the telephone number",
                       "Who sees the email address"]
    radios = [attrs for tag, attrs, _text in markup.elements if tag == "input" and attrs.get("type") == "radio"]
    labelled = {attrs.get("for") for tag, attrs, _text in markup.elements if tag == "label"}
    assert len(radios) == 12 and all(radio["id"] in labelled for radio in radios)
    fieldsets = [attrs["id"] for tag, attrs, _text in markup.elements if tag == "fieldset"]
    assert fieldsets == ["address_visibility", "public_contact_visibility", "telephone_visibility",
                         "contact_email_visibility"]
    assert {attrs["id"] for attrs in radios if "checked" in attrs} == {
        "address_visibility-0", "public_contact_visibility-0", "telephone_visibility-2",
        "contact_email_visibility-2"}
