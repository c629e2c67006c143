"""Pages are well-formed for browsers, search engines and assistive technology."""
from collections import Counter
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from tests.bulletins.conftest import import_file, sample_bytes  # noqa: F401  (fixtures)


class Markup(HTMLParser):
    """The elements of a page as (tag, attributes, text of the element), in document order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements, self._open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), ""]
        self.elements.append(element)
        if tag not in {"meta", "link", "input", "img", "br", "hr", "source"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element[2] += data

    def all(self, tag: str, **attrs) -> list:
        return [e for e in self.elements if e[0] == tag and all(e[1].get(k.rstrip("_")) == v for k, v in attrs.items())]

    def ids(self) -> Counter:
        return Counter(e[1]["id"] for e in self.elements if "id" in e[1])


def markup(person, path: str) -> Markup:
    response = person.get(path)
    assert response.status_code == 200, path
    return Markup(response.get_data(as_text=True))


@pytest.fixture
def staff_world(app, login_as, make_firm, make_user, import_file, sample_bytes):  # noqa: F811
    """A staff member, and an event, a firm and an issue with several forms on their staff pages."""
    from portal.events.services import create_event
    from portal.database import utcnow
    from datetime import timedelta

    staff = login_as("admin")  # the account page is the admins'
    firm = make_firm()
    bulletin_id = import_file("bulletin.txt", sample_bytes)
    with app.app_context():
        starts = utcnow() + timedelta(days=7)
        event = create_event(None, publish=False, title="会员大会", starts_at=starts,
                             ends_at=starts + timedelta(hours=2), venue="软件园", capacity=10)
        db.session.commit()
        event_id = event.id
    return staff, {"event": f"/staff/events/{event_id}", "firm": f"/staff/firms/{firm.slug}",
                   "bulletin": f"/staff/bulletins/{bulletin_id}", "account": f"/staff/accounts/{make_user('staff').id}"}


def test_staff_pages_with_several_forms_repeat_no_id(staff_world):
    staff, pages = staff_world
    for name, path in pages.items():
        page = markup(staff, path)
        assert len(page.all("form")) > 1, name
        repeated = [key for key, count in page.ids().items() if count > 1]
        assert repeated == [], f"{path} repeats ids {repeated}"
        assert all(field[1].get("value") for field in page.all("input", name="csrf_token")), path


def test_the_login_form_posts_to_the_login_url(client):
    (form,) = markup(client, "/auth/login").all("form", id="login-form")
    assert form[1]["action"] == "/auth/login"
    (form,) = markup(client, "/auth/login?next=/staff/").all("form", id="login-form")
    assert form[1]["action"].startswith("/auth/login?") and "next=/staff/" in form[1]["action"]


def test_no_form_has_an_empty_action(client, login_as):
    for person, path in ((client, "/auth/login"), (client, "/auth/forgot"), (login_as("member"), "/auth/password")):
        assert [f for f in markup(person, path).all("form") if f[1].get("action") == ""] == [], path


def description(page: Markup) -> str:
    (meta,) = page.all("meta", name="description")
    return meta[1]["content"]


def test_every_page_describes_itself_to_search_engines(client, make_firm, import_file, sample_bytes, app):  # noqa: F811
    from datetime import timedelta

    from portal.database import utcnow
    from portal.events.services import create_event

    firm = make_firm(name="大连示例科技有限公司", summary="软件外包与数据服务")
    bulletin_id = import_file("bulletin.txt", sample_bytes, publish_it=True)
    with app.app_context():
        starts = utcnow() + timedelta(days=7)
        event = create_event(None, publish=True, title="数字贸易论坛", starts_at=starts,
                             ends_at=starts + timedelta(hours=2), venue="大连软件园", capacity=10)
        db.session.commit()
        event_id = event.id
    found = {path: description(markup(client, path)) for path in
             ("/", "/members/", "/events/", "/bulletins/", f"/members/{firm.slug}", f"/events/{event_id}",
              f"/bulletins/{bulletin_id}", "/auth/login")}
    assert all(0 < len(text) <= 200 for text in found.values()), found
    assert len({found[p] for p in ("/", "/members/", "/events/", "/bulletins/")}) == 4, "the listings differ"
    assert found[f"/members/{firm.slug}"] == "软件外包与数据服务"
    assert "数字贸易论坛" in found[f"/events/{event_id}"] and "大连软件园" in found[f"/events/{event_id}"]
    assert "数字贸易月报" in found[f"/bulletins/{bulletin_id}"] and "数据月报" in found[f"/bulletins/{bulletin_id}"]
    english = markup(client, "/members/?lang=en")
    assert "member firms" in description(english)


@pytest.mark.parametrize("lang, label", [("zh", "跳到正文"), ("en", "Skip to content")])
def test_the_first_link_of_every_page_skips_to_its_content(client, lang, label):
    page = markup(client, f"/events/?lang={lang}")
    first_link = page.all("a")[0]
    assert first_link[1]["href"] == "#main" and first_link[2].strip() == label
    (main,) = page.all("main")
    assert main[1]["id"] == "main"


def current_links(page: Markup) -> dict[str, str]:
    return {a[2].strip(): a[1]["aria-current"] for a in page.all("a") if "aria-current" in a[1]}


def test_the_navigation_marks_the_page_shown(client, make_firm, login_as):
    assert current_links(markup(client, "/members/")) == {"会员名录": "page"}
    assert current_links(markup(client, "/")) == {"首页": "page"}
    firm = make_firm()
    assert current_links(markup(client, f"/members/{firm.slug}")) == {"会员名录": "true"}  # within the directory
    staff = login_as("staff")
    assert current_links(markup(staff, "/staff/outbox")) == {"工作人员": "true", "发件箱": "page"}


def test_staff_tables_that_scroll_on_a_phone_can_be_reached_by_keyboard(app, login_as):
    from portal.mail.models import OutboxMessage

    with app.app_context():
        db.session.add(OutboxMessage(recipient="a@example.org", subject="主题", text_body="t", html_body="h"))
        db.session.commit()
    staff = login_as("admin")
    for path in ("/staff/outbox", "/staff/firms", "/staff/events/", "/staff/accounts", "/staff/audit"):
        regions = [e for e in markup(staff, path).elements if "table-responsive" in e[1].get("class", "")]
        assert regions, path
        for region in regions:
            assert region[1].get("tabindex") == "0" and region[1].get("role") == "region", path
            assert region[1].get("aria-label"), path
