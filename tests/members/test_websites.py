"""A firm links only to an http or https website, however the website was set."""
import pytest
from sqlalchemy import update

from portal.extensions import db
from portal.members.models import Firm
from tests.bulletins.conftest import import_file, sample_bytes  # noqa: F401  (fixtures)

EVIL = "javascript://evil.example/%0aalert(document.cookie)"
#: What no profile may link to: other schemes, no host, spaces and control characters that browsers drop.
REFUSED = [EVIL, "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://", "https:///path",
           "https://exa mple.org", "https://example.org/\nx", "ftp://example.org", "//example.org"]


def firm_website(app, slug: str) -> str:
    with app.app_context():
        return db.session.scalar(db.select(Firm.website).where(Firm.slug == slug))


def test_a_bulletin_spotlight_with_a_script_website_makes_a_firm_without_one(app, import_file, sample_bytes,
                                                                              client):
    text = sample_bytes.decode().replace("网  址：https://www.pactera.com", f"网  址：{EVIL}")
    assert EVIL in text
    import_file("bulletin-2022-07.txt", text.encode(), publish_it=True)
    with app.app_context():
        slug = db.session.scalar(db.select(Firm.slug).where(Firm.name == "中电文思海辉"))
    assert firm_website(app, slug) == ""
    assert "javascript:" not in client.get(f"/members/{slug}").get_data(as_text=True)
    assert client.get(f"/api/v1/members/{slug}").json["website"] is None


@pytest.mark.parametrize("website", REFUSED)
def test_staff_cannot_give_a_firm_a_website_that_is_not_http(login_as, make_firm, app, website):
    firm = make_firm(website="https://kept.example.org")
    staff = login_as("staff")
    response = staff.submit(f"/staff/firms/{firm.slug}/edit", {"name": firm.name, "website": website})
    assert "请输入以 http:// 或 https:// 开头的网址" in response.get_data(as_text=True)  # the form, with why
    assert firm_website(app, firm.slug) == "https://kept.example.org"


@pytest.mark.parametrize("website", REFUSED)
def test_a_firm_made_by_a_script_or_the_seeder_keeps_no_bad_website(make_firm, app, website):
    firm = make_firm(website=website)
    assert firm_website(app, firm.slug) == ""


def test_a_good_website_is_kept_and_linked(make_firm, app, client):
    firm = make_firm(website=" https://www.example.org/about?x=1 ")
    assert firm_website(app, firm.slug) == "https://www.example.org/about?x=1"
    assert 'href="https://www.example.org/about?x=1"' in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert client.get(f"/api/v1/members/{firm.slug}").json["website"] == "https://www.example.org/about?x=1"


def test_a_bad_website_stored_before_the_check_is_neither_linked_nor_served(make_firm, app, client):
    firm = make_firm()
    with app.app_context():
        db.session.execute(update(Firm).where(Firm.id == firm.id).values(website=EVIL))
        db.session.commit()
    assert "javascript:" not in client.get(f"/members/{firm.slug}").get_data(as_text=True)
    assert client.get(f"/api/v1/members/{firm.slug}").json["website"] is None
    assert client.get("/api/v1/members").json["items"][0]["website"] is None
