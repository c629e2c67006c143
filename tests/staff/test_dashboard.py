"""Staff open /staff/ and see what waits for them, where memberships and dues stand, and what comes next."""
from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from portal.extensions import db

#: The world's today: mid-June, so that this year has months behind it and the grace fits in it.
TODAY = (6, 15)


def figure(page: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert found, f"no figure {name} on the page"
    return found.group(1)


def svg(page: str, chart_id: str) -> str:
    start = page.index(f'<svg class="figure-chart" id="{chart_id}"')
    return page[start:page.index("</svg>", start)]


def table_rows(page: str, chart_id: str) -> list[tuple[str, str]]:
    start = page.index(f'id="{chart_id}-table"')
    table = page[start:page.index("</table>", start)]
    return re.findall(r'<th scope="row"[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td>', table)


@pytest.fixture
def world(app, clock, make_firm, make_user):
    """One of each thing the overview counts, and its near misses, as of 15 June of this year."""
    from portal.database import utcnow
    from portal.events import registration
    from portal.events.services import create_event
    from portal.i18n import local_today
    from portal.mail.models import OutboxMessage
    from portal.members.models import Firm
    from portal.members.services import propose_changes
    from portal.memberships import applications
    from portal.memberships.licence import check_licence
    from portal.memberships.models import MembershipPayment, MembershipPeriod
    from tests.memberships.conftest import VALID_CODES, licence_png

    with app.app_context():
        year = local_today().year
        clock.move(days=(date(year, *TODAY) - local_today()).days)
        today = local_today()
    grace = app.config["MEMBERSHIP_GRACE_DAYS"]
    firms = {name: make_firm(name, tier=tier) for name, tier in (
        ("due10", "president"), ("due40", "council"), ("prepaid", "vice_president"), ("grace", "member"),
        ("open", "member"),
        ("lapsed", "supervisor"), ("lapsed-1-jan", "member"), ("lapsed-31-dec", "member"),
        ("lapsed-last-year", "vice_president"))}
    rep = make_user("member", firm=firms["open"])

    def member(name: str, starts: date, ends: date, dues_yuan: int, *payments: tuple[date, int],
               status: str = "active") -> None:
        firm = db.session.get(Firm, firms[name].id)
        period = MembershipPeriod(firm_id=firm.id, starts_on=starts, ends_on=ends, tier=firm.tier,
                                  dues_fen=dues_yuan * 100)
        db.session.add(period)
        db.session.flush()
        db.session.add_all(MembershipPayment(firm_id=firm.id, period_id=period.id, received_on=day,
                                             amount_fen=yuan * 100) for day, yuan in payments)
        firm.membership_ends_on = max(firm.membership_ends_on or ends, ends)
        firm.status = status

    with app.test_request_context():
        member("due10", date(year, 1, 1), today + timedelta(days=10), 1000, (date(year, 3, 3), 1000))
        member("due40", date(year, 1, 1), today + timedelta(days=40), 2000, (date(year, 5, 20), 2000))
        # Next year's dues, paid early: received this year, owed next year.
        member("prepaid", date(year + 1, 1, 1), date(year + 1, 12, 31), 500, (date(year, 5, 20), 500))
        # Ended ten days ago, still listed; paid last December (not this year's money).
        member("grace", today - timedelta(days=375), today - timedelta(days=10), 3000, (date(year - 1, 12, 1), 3000))
        member("lapsed", today - timedelta(days=415), today - timedelta(days=grace + 20), 500, status="lapsed")
        # The grace of the first ran out on 31 December, so it lapsed on 1 January; the other's a day sooner.
        member("lapsed-1-jan", date(year - 1, 1, 1), date(year - 1, 12, 31) - timedelta(days=grace), 700,
               status="lapsed")
        member("lapsed-31-dec", date(year - 1, 1, 1), date(year - 1, 12, 30) - timedelta(days=grace), 700,
               status="lapsed")
        member("lapsed-last-year", date(year - 2, 1, 1), date(year - 1, 6, 30), 900, status="lapsed")
        applications.submit({"name": "大连申请示例有限公司", "credit_code": VALID_CODES[1], "tier": "member",
                             "contact_name": "申请人", "contact_email": "applicant@example.org",
                             "contact_phone": "0411-12345678"}, check_licence(licence_png()), "zh")
        from portal.auth.models import User

        propose_changes(db.session.get(User, rep.id), db.session.get(Firm, firms["open"].id), {"summary": "新的简介"})
        starts = utcnow() + timedelta(days=7)
        event = create_event(None, title="会员大会", starts_at=starts, ends_at=starts + timedelta(hours=3),
                             venue="大连软件园", capacity=50, publish=True)
        create_event(None, title="草稿活动", starts_at=starts, ends_at=starts + timedelta(hours=3), capacity=20)
        create_event(None, title="去年的活动", starts_at=starts - timedelta(days=400),
                     ends_at=starts - timedelta(days=400) + timedelta(hours=3), publish=True)
        for number in range(3):
            registration.register(event, f"来宾{number}", f"guest{number}@example.org", "示例公司")
        attempts = app.config["MAIL_MAX_ATTEMPTS"]
        for tries, sent in ((attempts, None), (attempts - 1, None), (attempts, utcnow())):
            db.session.add(OutboxMessage(recipient="gone@example.org", subject="无法投递", text_body="t",
                                         html_body="h", attempts=tries, sent_at=sent,
                                         next_attempt_at=utcnow() + timedelta(days=1)))
        db.session.commit()
        return SimpleNamespace(year=year, event_id=event.id, firms=firms)


def test_staff_see_what_waits_for_them_with_links_to_the_lists(world, login_as):
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    assert figure(page, "applications") == "1"
    assert figure(page, "revisions") == "1"
    assert 'href="/staff/applications/"' in page and 'href="/staff/revisions"' in page


def test_staff_see_renewals_due_firms_in_grace_and_firms_lapsed_this_year(world, login_as):
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    assert figure(page, "renewals-due") == "1"  # in 10 days; not the one in 40
    assert figure(page, "in-grace") == "1"
    assert figure(page, "lapsed-this-year") == "2"  # in May, and on 1 January; not on 31 December
    assert 'href="/staff/memberships/#renewals-due-title"' in page


def test_staff_see_this_years_dues_received_against_dues_owed(world, login_as):
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    # Received: ¥1,000 in March, ¥2,000 + ¥500 in May. Owed: the periods running this year,
    # 1,000 + 2,000 + 3,000 (grace) + 500 (lapsed in May); not next year's 500 nor last year's.
    assert figure(page, "dues-received") == "¥3,500.00"
    assert figure(page, "dues-owed") == "¥6,500.00"
    assert "(54%)" in page


def test_staff_see_upcoming_events_with_seats_taken_of_capacity(world, login_as):
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    events = page[page.index('id="upcoming-events"'):page.index("</table>", page.index('id="upcoming-events"'))]
    assert "会员大会" in events and f'data-seats="{world.event_id}">3 / 50<' in events
    assert "草稿活动" not in events and "去年的活动" not in events


def test_staff_see_the_mail_given_up_with_a_link_to_the_outbox(world, login_as):
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    assert figure(page, "mail-failures") == "1"
    assert 'href="/staff/outbox"' in page


def test_the_tier_chart_draws_a_bar_per_tier_and_says_its_counts_in_words_and_a_table(world, login_as):
    page = login_as("staff").get("/staff/?lang=en").get_data(as_text=True)
    chart = svg(page, "chart-tiers")
    # Listed: due10 (President), prepaid (Vice President), due40 (Council), grace and open (Member);
    # the lapsed (a Supervisor among them) are not.
    expected = [("President", "1"), ("Vice President", "1"), ("Council Member", "1"), ("Supervisor", "0"),
                ("Member", "2")]
    assert re.findall(r'<g class="chart-bar" data-label="([^"]+)" data-value="(\d+)">', chart) == expected
    assert 'role="img"' in chart and '<title id="chart-tiers-title">' in chart
    assert ("<desc id=\"chart-tiers-desc\">President: 1; Vice President: 1; Council Member: 1; "
            "Supervisor: 0; Member: 2</desc>") in chart
    assert table_rows(page, "chart-tiers") == expected


def test_the_dues_chart_draws_each_month_of_this_year(world, login_as):
    page = login_as("staff").get("/staff/?lang=en").get_data(as_text=True)
    chart = svg(page, "chart-dues")
    bars = re.findall(r'<g class="chart-bar" data-label="([^"]+)" data-value="(\d+)">', chart)
    assert [label for label, _value in bars] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                 "Oct", "Nov", "Dec"]
    assert dict(bars) == {**{label: "0" for label, _value in bars}, "Mar": "100000", "May": "250000"}
    assert "Mar: ¥1,000.00; Apr: ¥0.00; May: ¥2,500.00" in chart
    assert ("May", "¥2,500.00") in table_rows(page, "chart-dues")
    assert f"Dues received by month, {world.year}" in page


def test_the_overview_reads_in_chinese(world, login_as):
    page = login_as("staff").get("/staff/?lang=zh").get_data(as_text=True)
    chart = svg(page, "chart-tiers")
    assert "会长单位：1；副会长单位：1" in chart
    assert "5月：¥2,500.00" in svg(page, "chart-dues")


def test_an_empty_site_shows_zeros_and_draws_empty_charts(app, login_as):
    response = login_as("staff").get("/staff/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert figure(page, "applications") == "0" and figure(page, "dues-owed") == "¥0.00"
    assert "%)" not in page.split('data-figure="dues-owed"')[1].split("</p>")[0]
    assert len(re.findall(r'class="chart-bar"', svg(page, "chart-dues"))) == 12


@pytest.mark.parametrize("role", [None, "member"])
def test_visitors_and_members_cannot_see_the_overview(app, login_as, world, role):
    response = login_as(role).get("/staff/")
    assert response.status_code == (302 if role is None else 403)
    assert "data-figure" not in response.get_data(as_text=True)


def test_renewals_and_grace_count_by_beijing_days(app, clock, make_firm, login_as):
    """At 01:00 in Dalian (17:00 UTC the day before), the day that has begun there is today."""
    from datetime import datetime, timezone

    from portal.i18n import local_today
    from portal.members.models import Firm

    with app.app_context():
        year = local_today().year
    clock.move(seconds=(datetime(year, 6, 14, 17, tzinfo=timezone.utc) - clock.now()).total_seconds())
    ended, last_day_due, first_day_not = make_firm("昨日到期公司"), make_firm("第三十天到期公司"), make_firm("第三十一天到期公司")
    with app.app_context():
        for firm, ends in ((ended, date(year, 6, 14)), (last_day_due, date(year, 7, 15)),
                           (first_day_not, date(year, 7, 16))):
            db.session.get(Firm, firm.id).membership_ends_on = ends
        db.session.commit()
    page = login_as("staff").get("/staff/").get_data(as_text=True)
    assert figure(page, "in-grace") == "1"  # ended on 14 June: yesterday in Dalian, though still the day in UTC
    assert figure(page, "renewals-due") == "1"  # 15 July is 30 days on from 15 June; 16 July is not
