"""axe-core finds no serious or critical barrier on any page, on a phone and a desk, in both languages.

Every HTML page the application serves to a GET is visited: the routes come from app.url_map,
filled with one of every object (the permission table's world), each page opened by someone who
may see it (a visitor, or an admin, who sees every staff page). axe-core is the copy shipped by
the axe-playwright-python package, read from disk and injected into the page: nothing is fetched.
"""
from __future__ import annotations

from datetime import timedelta
from importlib.resources import files
from urllib.parse import urlsplit

import pyotp
import pytest

from portal.database import utcnow
from portal.extensions import db
from tests.browser.conftest import PHONE, give_second_factor
from tests.conftest import PASSWORD, Browserish
from tests.policies.test_routes import ID_OF, build_world, is_static

pytestmark = pytest.mark.browser

AXE = files("axe_playwright_python") / "axe.min.js"
DESK = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desk": DESK}
LANGUAGES = ("zh", "en")
BLOCKING = {"serious", "critical"}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""
#: axe no longer reports repeated ids (HTML allows browsers to cope); label-for and ARIA still break.
REPEATED_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path / "uploads")}


def log_in(page, app, live_server: str, email: str) -> None:
    """Sign in through the login form as a person does, with the code when the account has one."""
    page.goto(f"{live_server}/auth/login", wait_until="domcontentloaded")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(lambda url: "/auth/login" not in url, wait_until="domcontentloaded")
    if "/auth/second-factor" in page.url:
        give_second_factor(page, app, email)
    page.wait_for_url(f"{live_server}/", wait_until="domcontentloaded")


def log_in_client(app, email: str) -> Browserish:
    person = Browserish(app.test_client())
    assert person.login(email).status_code == 302
    return person


def _waiting_mail(app) -> None:
    """A message stuck in the outbox with a long error: its table is wider than a phone."""
    from portal.mail.models import OutboxMessage

    with app.app_context():
        db.session.add(OutboxMessage(
            recipient="someone-with-a-long-address@example.org", subject="请确认报名：第二届第五次会员大会",
            text_body="t", html_body="h", attempts=2, next_attempt_at=utcnow() + timedelta(days=1),
            last_error="SMTPRecipientsRefused: {'someone-with-a-long-address@example.org': (450, 'try later')}"))
        db.session.commit()


def html_pages(app, people) -> tuple[list[tuple[str, str]], list[str]]:
    """(who, path) for every GET route answering HTML, and the routes whose URL we cannot fill.

    Each page is opened by the least powerful person who may see it: a visitor, the member whose
    firm the objects belong to, or an admin (who sees every staff page).
    """
    accounts, values = people
    clients = {"anonymous": app.test_client(), "member": log_in_client(app, accounts["member"].email),
               "admin": log_in_client(app, accounts["admin"].email)}
    adapter = app.url_map.bind("localhost")
    pages, unfilled = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or is_static(rule.endpoint):
            continue
        given = values.get(rule.endpoint, values[""])
        names = {name: ID_OF.get((rule.endpoint, name), name) for name in rule.arguments}
        if not set(names.values()) <= set(given):
            unfilled.append(rule.endpoint)
            continue
        path = adapter.build(rule.endpoint, {name: given[key] for name, key in names.items()})
        for who, client in clients.items():
            response = client.get(path)
            sent_to_login = response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/auth/login"
            refused = sent_to_login or response.status_code in (403, 404) or (who == "member" and response.status_code != 200)
            if who == "admin" or not refused:
                break
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            pages.append((who, path))
    return pages + [("anonymous", "/no-such-page")], unfilled


@pytest.fixture
def world(app, make_user, make_firm):
    people = build_world(app, make_user, make_firm)
    _waiting_mail(app)
    return people


def violations_on(page, url: str) -> list[str]:
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    found = [f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'])}"
             for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING]
    repeated = page.evaluate(REPEATED_IDS)
    if repeated:
        found.append(f"repeated ids: {repeated}")
    return found


# axe checks markup and styles, which do not depend on the database: SQLite alone keeps it quick.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_page_has_a_serious_accessibility_barrier_at_either_width_or_language(
        browser, live_server, app, world, database_url):
    pages, unfilled = html_pages(app, world)
    assert unfilled == [], f"give build_world a value for these routes' URLs: {unfilled}"
    assert len(pages) >= 30 and ("admin", "/staff/outbox") in pages and ("member", "/events/mine") in pages
    bulletin_id, article_id = world[1][""]["bulletin_id"], world[1][""]["article_id"]
    # Composing: the new-issue form, the preview, the delete confirmation (the editing page, with its
    # figures table and add-article forms, is /staff/bulletins/<id>).
    assert {("admin", "/staff/bulletins/new"), ("admin", f"/staff/bulletins/{bulletin_id}/preview"),
            ("admin", f"/staff/bulletins/{bulletin_id}/articles/{article_id}/delete"),
            ("admin", f"/staff/bulletins/{bulletin_id}")} <= set(pages)
    tabs = {}
    for who in ("anonymous", "member", "admin"):
        # The CSP forbids inline scripts, which is how a script tag is added: lifted for axe only.
        context = browser.new_context(bypass_csp=True, reduced_motion="reduce")
        tabs[who] = context.new_page()
    for who in ("member", "admin"):
        log_in(tabs[who], app, live_server, world[0][who].email)
    problems = []
    for language in LANGUAGES:
        for tab in tabs.values():
            tab.goto(f"{live_server}/?lang={language}")  # the site's switch: remembered for the session
        for width, size in WIDTHS.items():
            for tab in tabs.values():
                tab.set_viewport_size(size)
            for who, path in pages:
                tab = tabs[who]
                found = violations_on(tab, f"{live_server}{path}")
                html_lang = tab.evaluate("document.documentElement.lang")
                if html_lang != {"zh": "zh-CN", "en": "en"}[language]:
                    found.append(f"page in {html_lang!r}")
                problems += [f"{language} {width} {who} {path}: {problem}" for problem in found]
    for tab in tabs.values():
        tab.context.close()
    print(f"axe checked {len(pages)} pages x {len(WIDTHS)} widths x {len(LANGUAGES)} languages")
    assert problems == [], "\n".join(problems)


def contrast(foreground: list[float], background: list[float]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


COLOURS = """() => [...document.querySelectorAll(".navbar .nav-link, .navbar-brand")].map(link => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const fg = parse(getComputedStyle(link).color);
  const bg = parse(getComputedStyle(document.querySelector(".navbar")).backgroundColor);
  const alpha = fg.length > 3 ? fg[3] : 1;  // a translucent colour shows blended with the bar
  return {text: link.textContent.trim(), colour: fg.slice(0, 3).map((c, i) => c * alpha + bg[i] * (1 - alpha)), bg};
})"""


def test_navigation_text_meets_wcag_aa_contrast_on_the_bar(browser, live_server):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    page.goto(f"{live_server}/members/")
    links = page.evaluate(COLOURS)
    assert len(links) >= 5
    weak = [(link["text"], round(contrast(link["colour"], link["bg"]), 2)) for link in links
            if contrast(link["colour"], link["bg"]) < 4.5]
    context.close()
    assert weak == []


@pytest.mark.parametrize("lang, label", [("zh", "跳到正文"), ("en", "Skip to content")])
def test_a_keyboard_user_skips_the_navigation_to_the_content(phone, live_server, lang, label):
    phone.goto(f"{live_server}/events/?lang={lang}")
    skip = phone.get_by_role("link", name=label)
    assert skip.bounding_box() is None or skip.bounding_box()["width"] <= 1  # hidden until focused
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == label
    assert skip.bounding_box()["width"] > 20  # shown when focused
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"
    assert phone.evaluate("document.activeElement.id") == "main"


def test_the_outbox_table_scrolls_under_the_keyboard_on_a_phone(phone, live_server, app, make_user):
    _waiting_mail(app)
    admin = make_user("admin")
    log_in(phone, app, live_server, admin.email)
    phone.goto(f"{live_server}/staff/outbox")
    region = phone.get_by_role("region", name="待发送邮件")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table should be wider than the phone"
    region.focus()
    assert region.evaluate("r => r === document.activeElement")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.activeElement.scrollLeft > 0")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_second_factor_pages_have_no_serious_accessibility_barrier(
        browser, live_server, app, make_user, database_url, language):
    """The pages between password and staff pages: enrolment, recovery codes, and the code prompt."""
    new, enrolled = make_user("staff", two_factor=False), make_user("staff")
    context = browser.new_context(bypass_csp=True, reduced_motion="reduce", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/?lang={language}")
    problems = []

    def check(step):
        page.add_script_tag(path=str(AXE))
        problems.extend(f"{step}: {v['impact']} {v['id']}: {', '.join(v['targets'])}"
                        for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING)

    for person in (new, enrolled):
        page.goto(f"{live_server}/auth/login", wait_until="domcontentloaded")
        page.fill("input[name=email]", person.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("#login-form [type=submit]").click()
        page.wait_for_url("**/auth/second-factor", wait_until="load")
        if person is new:
            check("enrol")
            secret = page.locator("#totp-secret").inner_text()
            page.fill("#enrol-form input[name=code]", pyotp.TOTP(secret).now())
            page.locator("#enrol-form [type=submit]").click()
            page.wait_for_selector("#recovery-codes")
            check("recovery codes")
        else:
            check("code")
        page.context.clear_cookies()
    context.close()
    assert problems == [], "\n".join(problems)
