"""Visitors' pages are revalidated and shared; logged-in and form pages are never kept anywhere."""
import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.members.models import Firm, ProfileRevision
from tests.conftest import csrf_from
from tests.events.conftest import make_event  # noqa: F401  (a fixture)
from tests.members.test_profile_changes import PROFILE

PUBLIC_PAGES = ["/", "/members/", "/events/", "/bulletins/", "/privacy/"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_visitor_revalidating_a_public_page_gets_304(client, page):
    first = client.get(page)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Cookie" in first.headers["Vary"]
    etag = first.headers["ETag"]
    again = client.get(page, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(page, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_firm_page_is_public_for_visitors_and_304_when_unchanged(client, make_firm):
    firm = make_firm(name="缓存测试科技有限公司")
    first = client.get(f"/members/{firm.slug}")
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert client.get(f"/members/{firm.slug}", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_the_same_page_compressed_revalidates_with_its_etag(client):
    compressed = client.get("/members/", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    for encoding in ("gzip", "identity"):
        assert client.get("/members/", headers={"Accept-Encoding": encoding,
                                                "If-None-Match": compressed.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("page", ["/", "/members/", "/events/", "/bulletins/", "/staff/"])
def test_a_logged_in_page_is_never_stored(login_as, page):
    staff = login_as("staff")
    answer = staff.get(page)
    assert answer.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in answer.headers
    assert staff.get(page, headers={"If-None-Match": "*"}).status_code == 200


def test_a_page_with_a_csrf_form_is_never_stored_and_each_visitor_gets_a_token_of_their_own(app, client):
    other = app.test_client()
    mine, theirs = client.get("/auth/login"), other.get("/auth/login")
    assert mine.headers["Cache-Control"] == theirs.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in mine.headers
    assert csrf_from(mine.get_data(as_text=True)) != csrf_from(theirs.get_data(as_text=True))


def test_an_event_registration_form_is_never_shared_between_visitors(app, client, make_event):
    url = make_event(title="公开讲座", audience="public").url
    mine, theirs = client.get(url), app.test_client().get(url)
    assert mine.headers["Cache-Control"] == "private, no-store"
    assert csrf_from(mine.get_data(as_text=True)) != csrf_from(theirs.get_data(as_text=True))


def test_a_visitor_who_chose_english_gets_english_pages_and_others_still_chinese(app, client):
    assert client.get("/").headers["Cache-Control"] == "public, no-cache"
    switched = client.get("/?lang=en")
    assert switched.headers["Cache-Control"] == "private, no-store"  # it sets the session cookie
    for _ in range(2):  # rendered, then stored
        assert '<html lang="en">' in client.get("/").get_data(as_text=True)
        assert '<html lang="zh-CN">' in app.test_client().get("/").get_data(as_text=True)


def test_a_flashed_message_is_shown_to_its_visitor_and_that_page_is_not_stored(client):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "只给这位访客的消息")]
    shown = client.get("/members/")
    assert "只给这位访客的消息" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "private, no-store"
    assert "只给这位访客的消息" not in client.application.test_client().get("/members/").get_data(as_text=True)


def _rename_behind_the_portals_back(app, firm_id, name):
    # Straight to the database, past the session's events: no write the portal would notice.
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE firms SET name = :name WHERE id = :id"), {"name": name, "id": firm_id})


def test_visitors_are_served_the_stored_page_until_a_write_changes_it(app, client, make_firm):
    firm = make_firm(name="原来的名字有限公司")
    assert "原来的名字有限公司" in client.get("/members/").get_data(as_text=True)
    _rename_behind_the_portals_back(app, firm.id, "悄悄改的名字有限公司")
    assert "原来的名字有限公司" in client.get("/members/").get_data(as_text=True)  # the stored page
    make_firm(name="另一家新会员有限公司")  # a write the portal makes retires every stored page
    page = client.get("/members/").get_data(as_text=True)
    assert "悄悄改的名字有限公司" in page and "另一家新会员有限公司" in page


def test_an_approved_profile_change_shows_at_once_to_visitors(app, client, login_as):
    rep, staff = login_as("member"), login_as("staff")
    slug = rep.user.firm_slug
    directory, profile = client.get("/members/"), client.get(f"/members/{slug}")
    assert "焕然一新科技有限公司" not in directory.get_data(as_text=True)
    assert rep.submit(f"/members/{slug}/edit", {**PROFILE, "name": "焕然一新科技有限公司"}).status_code == 302
    # Waiting for review: visitors still see the old name, and their copies are still current.
    assert client.get("/members/", headers={"If-None-Match": directory.headers["ETag"]}).status_code == 304
    with app.app_context():
        revision = db.session.scalar(db.select(ProfileRevision.id).join(Firm).where(
            Firm.slug == slug, ProfileRevision.status == "pending"))
    assert staff.submit(f"/staff/revisions/{revision}", {"note": "", "approve": "1"}).status_code == 302
    for page, before in (("/members/", directory), (f"/members/{slug}", profile)):
        answer = client.get(page, headers={"If-None-Match": before.headers["ETag"]})
        assert answer.status_code == 200 and "焕然一新科技有限公司" in answer.get_data(as_text=True)
