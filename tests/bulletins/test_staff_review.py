"""Staff import by upload, correct what the parser got wrong, and publish."""
import io
import re

import pytest

from portal import unit_of_work
from portal.bulletins.models import Article, Bulletin
from portal.demo.bulletins import add_synthetic_bulletins
from portal.extensions import db
from tests.conftest import csrf_from


def upload(staff, data: bytes, name: str, period="2022-07"):
    token = csrf_from(staff.get("/staff/bulletins/").get_data(as_text=True))
    return staff.post("/staff/bulletins/", data={"csrf_token": token, "period": period, "audience": "public",
                                                 "file": (io.BytesIO(data), name)},
                      content_type="multipart/form-data")


def draft_from(staff, response) -> str:
    """Follow an upload to its import page and return the address of the draft it made."""
    assert response.status_code == 302, response.get_data(as_text=True)
    job_page = staff.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r'id="import-result"[^>]*href="([^"]+)"', job_page).group(1)


def test_staff_upload_review_edit_and_publish(login_as, app, sample_bytes, client):
    staff = login_as("staff")
    review_url = draft_from(staff, upload(staff, sample_bytes, "bulletin-2022-07.txt"))
    review = staff.get(review_url).get_data(as_text=True)
    assert 'id="warnings"' in review and "中电文思海辉" in review and "source-text" in review
    with app.app_context():
        article = db.session.scalar(db.select(Article).where(Article.title == "DEPA"))
        bulletin_id = article.bulletin.id
    edited = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{article.id}", {
        f"a{article.id}-title": "DEPA 是什么", f"a{article.id}-source": "编辑部",
        f"a{article.id}-body": "数字经济伙伴关系协定。", f"a{article.id}-firm": "", f"a{article.id}-event": ""},
        page=review_url)
    assert edited.status_code == 302
    staff.submit(f"/staff/bulletins/{bulletin_id}/publish", {}, page=review_url)
    page = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert "DEPA 是什么" in page and "来源：编辑部" in page
    assert "<mark>伙伴关系</mark>" in client.get("/bulletins/?q=伙伴关系").get_data(as_text=True)


def test_staff_page_through_every_issue_newest_first(login_as, app, import_file, sample_bytes):
    import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)
    with app.app_context():
        unit_of_work.run(add_synthetic_bulletins, 54)  # 55 issues: 2018-01 to 2022-07
    staff = login_as("staff")
    first = staff.get("/staff/bulletins/").get_data(as_text=True)
    periods = re.findall(r'text-muted">(\d{4}-\d{2})</span></li>', first)
    assert len(periods) == 50 and periods[0] == "2022-07" and periods[-1] == "2018-06"
    assert 'href="/staff/bulletins/?page=2"' in first
    rest = re.findall(r'text-muted">(\d{4}-\d{2})</span></li>', staff.get("/staff/bulletins/?page=2").get_data(as_text=True))
    assert rest == ["2018-05", "2018-04", "2018-03", "2018-02", "2018-01"]


def test_a_bad_upload_re_renders_the_form_with_the_reason(login_as, app):
    staff = login_as("staff")
    response = upload(staff, b"\x00\x01binary", "bulletin.exe")
    assert response.status_code == 200
    assert ".txt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Bulletin)) == 0


def test_linking_an_unknown_firm_is_refused(login_as, app, import_file, sample_bytes):
    bulletin_id = import_file("b.txt", sample_bytes)
    staff = login_as("staff")
    with app.app_context():
        article = db.session.scalar(db.select(Article).where(Article.title == "中电文思海辉"))
    staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{article.id}", {
        f"a{article.id}-title": "中电文思海辉", f"a{article.id}-body": "x", f"a{article.id}-firm": "no-such-firm"},
        page=f"/staff/bulletins/{bulletin_id}")
    with app.app_context():
        assert db.session.get(Article, article.id).body != "x"


@pytest.mark.parametrize("role", [None, "visitor", "member"])
def test_only_staff_reach_bulletin_tools(login_as, import_file, sample_bytes, role):
    bulletin_id = import_file("b.txt", sample_bytes)
    person = login_as(role)
    for path in ("/staff/bulletins/", f"/staff/bulletins/{bulletin_id}"):
        assert person.get(path).status_code == (302 if role is None else 403)


def test_staff_turn_a_news_item_into_a_past_event_that_links_back(login_as, app, import_file, sample_bytes, client):
    bulletin_id = import_file("b.txt", sample_bytes)
    staff = login_as("staff")
    with app.app_context():
        article = db.session.scalar(db.select(Article).where(Article.title.like("%会员大会%")))
    response = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{article.id}/event", {},
                            page=f"/staff/bulletins/{bulletin_id}")
    assert response.status_code == 302
    with app.app_context():
        from portal.events.models import Event

        event = db.session.get(Event, db.session.get(Article, article.id).event_id)
        assert event.starts_at.date().isoformat() == "2022-07-08"
        assert "8 号楼多功能厅" in event.venue
        event_id = event.id
    staff.submit(f"/staff/bulletins/{bulletin_id}/publish", {}, page=f"/staff/bulletins/{bulletin_id}")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'id="reported-in"' in page and f"/bulletins/{bulletin_id}#article-{article.id}" in page
