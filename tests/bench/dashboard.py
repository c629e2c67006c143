"""`make bench`, dashboard: the staff's overview at /staff/ over every seeded firm, on SQLite and PostgreSQL.

Seeding is set-based (INSERT … SELECT), on top of the memberships part's (tests/bench/memberships.py,
run first when it has not run on this database): every firm gets last year's period and payment
as well as this year's, nine in ten have paid this year (on a day spread over the year so far),
and the firms' ends are spread from 120 days ago to 300 days ahead, so that the renewals due,
the grace and the lapses of this year each hold a few thousand firms; those past their grace are
marked lapsed, as `memberships run` would. Beside them: a few hundred events (some coming, with
seats taken), a few thousand applications and profile changes (a few dozen waiting), and an
outbox of a message per firm (most sent, some given up). Then, in this process, a staff account
opens /staff/ through the test client, 5 times to warm up and 50 times timed; the figures are
the median and the 95th percentile of those renders, with each figure's own query timed apart.
"""
from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from sqlalchemy import insert, text

from tests.bench import memberships
from tests.bench.load import percentile

RENDERS, WARM_UP = 50, 5
#: What the page must render within at 100,000 firms (the membership issue's figure).
TARGET_MS = 100
STAFF_EMAIL = "bench-staff@bench.example.org"


def _days_after(db, day: str, days: str) -> str:
    """The SQL of the date `days` (an SQL integer) after the ISO date parameter `day`."""
    if db.engine.dialect.name == "sqlite":
        return f"date({day}, ({days}) || ' days')"
    return f"(CAST({day} AS date) + ({days}))"


def _seconds_ago(db, seconds: str) -> str:
    """The SQL of the time `seconds` (an SQL integer) before now, as each database writes a time."""
    if db.engine.dialect.name == "sqlite":
        return f"datetime('now', '-' || ({seconds}) || ' seconds')"
    return f"(now() - ({seconds}) * interval '1 second')"


def _seed_rows(db, today: date, grace_days: int, max_attempts: int) -> None:
    """Spread the ends, add last year's periods and both years' payments, and the other tables' rows."""
    from portal.database import utcnow
    from portal.events.models import Event
    from portal.members.models import ProfileRevision
    from portal.memberships.models import MembershipApplication

    now = memberships._now(db)
    year = today.year
    values = {"today": today.isoformat(), "cutoff": (today - timedelta(days=grace_days)).isoformat(),
              "this_start": date(year, 1, 1).isoformat(), "last_start": date(year - 1, 1, 1).isoformat(),
              "last_end": date(year - 1, 12, 31).isoformat()}
    elapsed = (today - date(year, 1, 1)).days + 1
    db.session.execute(text(f"UPDATE firms SET membership_ends_on = {_days_after(db, ':today', '(id % 420) - 120')}"),
                       values)
    db.session.execute(text("UPDATE firms SET status = CASE WHEN membership_ends_on < :cutoff "
                            "THEN 'lapsed' ELSE 'active' END"), values)
    db.session.execute(text(
        "INSERT INTO membership_periods (firm_id, starts_on, ends_on, tier, dues_fen, created_at) "
        f"SELECT id, :last_start, :last_end, tier, 200000, {now} FROM firms"), values)
    db.session.execute(text(
        "INSERT INTO membership_payments (firm_id, period_id, amount_fen, method, reference, received_on, created_at) "
        f"SELECT firm_id, id, dues_fen, 'bank', '', {_days_after(db, 'starts_on', f'firm_id % {elapsed}')}, {now} "
        "FROM membership_periods WHERE (starts_on = :this_start AND firm_id % 10 <> 0) OR starts_on = :last_start"),
        values)
    db.session.execute(text(
        "INSERT INTO outbox_messages (recipient, subject, text_body, html_body, held, created_at, sent_at, "
        "attempts, next_attempt_at) "
        f"SELECT 'rep-' || id || '@bench.example.org', 'bench', '', '', FALSE, {now}, "
        # Sent one by one, each at its own time (as delivery records them), over the last days.
        f"CASE WHEN id % 500 = 0 THEN NULL ELSE {_seconds_ago(db, 'id')} END, "
        "CASE WHEN id % 1000 = 0 THEN :max ELSE 1 END, "
        f"{now} FROM firms"), {"max": max_attempts})
    started = utcnow()
    db.session.execute(insert(Event), [
        {"title": f"活动 {n}", "starts_at": started + timedelta(days=n - 270), "capacity": 200,
         "ends_at": started + timedelta(days=n - 270, hours=3), "seats_taken": n % 200,
         "status": "published" if n % 7 else "draft"} for n in range(300)])
    db.session.execute(insert(MembershipApplication), [
        {"name": f"申请企业{n}", "credit_code": f"9121020000000{n:05d}", "tier": "member", "contact_name": "申请人",
         "contact_email": f"applicant{n}@bench.example.org", "contact_phone": "0411-12345678",
         "licence_format": "png", "status": "pending" if n % 100 == 0 else "approved"} for n in range(3000)])
    firm_ids = db.session.scalars(text("SELECT id FROM firms ORDER BY id LIMIT 2000")).all()
    db.session.execute(insert(ProfileRevision), [
        {"firm_id": firm_id, "data": {"summary": "新的简介"}, "status": "pending" if n % 50 == 0 else "approved"}
        for n, firm_id in enumerate(firm_ids)])


def seed_dashboard(database_url: str) -> dict:
    """Seed what the overview counts (memberships first, when that part has not run); return the counts."""
    from portal import unit_of_work
    from portal.auth.services import create_user
    from portal.extensions import db
    from portal.i18n import local_today
    from portal.permissions import Role

    with memberships._app(database_url).app_context():
        today = local_today()
        has_periods = db.session.scalar(text("SELECT count(*) FROM membership_periods")) > 0
        db.engine.dispose()
    if not has_periods:
        memberships.seed_memberships(database_url, date(today.year, 12, 31))
    app = memberships._app(database_url)
    with app.app_context():
        unit_of_work.run(_seed_rows, db, today, int(app.config["MEMBERSHIP_GRACE_DAYS"]),
                         int(app.config["MAIL_MAX_ATTEMPTS"]))

        def staff() -> None:
            user = create_user(STAFF_EMAIL, Role.STAFF)
            user.totp_secret = "BENCHONLYBENCHONLY"  # enrolled: a staff session needs the second factor

        unit_of_work.run(staff)
        if db.engine.dialect.name == "postgresql":
            # Every firm's row was rewritten above: what autovacuum would do before long (dead rows
            # gone, the visibility map set so that the counts read the indexes alone), done now.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            unit_of_work.run(db.session.execute, text("ANALYZE"))
        counts = {table: db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in
                  ("firms", "membership_periods", "membership_payments", "outbox_messages")}
        db.engine.dispose()
    return counts


def _figure_timings(app) -> dict[str, float]:
    """Each figure's query alone: the median of 20 runs, in ms."""
    from portal.events.services import next_published_events
    from portal.i18n import local_today
    from portal.mail.services import failed_count
    from portal.members.services import pending_revision_count
    from portal.memberships import applications, dues, overview
    from portal.staff import dashboard

    year = local_today().year
    figures = {"applications": applications.pending_count, "revisions": pending_revision_count,
               "renewals due": overview.renewals_due_count, "in grace": overview.in_grace_count,
               "lapsed this year": overview.lapsed_this_year_count, "dues (2 queries)": lambda: dues.year_dues(year),
               "by tier": dashboard.firms_by_tier,
               "events": lambda: next_published_events(dashboard.UPCOMING_EVENTS), "mail failures": failed_count}
    timings = {}
    for name, query in figures.items():
        runs = []
        for _ in range(20):
            started = time.perf_counter()
            query()
            runs.append((time.perf_counter() - started) * 1000)
        timings[name] = statistics.median(runs)
    return timings


def time_renders(database_url: str) -> tuple[list[float], dict[str, float], str]:
    """Render /staff/ as a logged-in staff member, in this process; return the timings in ms."""
    import logging

    from portal.auth.services import find_user
    from portal.extensions import db

    app = memberships._app(database_url)
    # One log line per request would be timed with the page, and would bury the figures.
    logging.getLogger("portal.requests").setLevel(logging.WARNING)
    with app.app_context():
        token = find_user(STAFF_EMAIL).session_token
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = token, True
    timings = []
    for number in range(WARM_UP + RENDERS):
        started = time.perf_counter()
        response = client.get("/staff/?lang=en")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200 and 'data-figure="renewals-due"' in response.get_data(as_text=True), \
            response.status_code
        if number >= WARM_UP:
            timings.append(elapsed)
    page = response.get_data(as_text=True)
    with app.test_request_context("/staff/"):
        figures = _figure_timings(app)
        db.engine.dispose()
    return timings, figures, page


def _shown(page: str) -> str:
    import re

    return ", ".join(f"{name} {value}" for name, value in re.findall(r'data-figure="([^"]+)">([^<]*)<', page))


def report(backend: str, database_url: str) -> None:
    started = time.perf_counter()
    counts = seed_dashboard(database_url)
    print(f"{backend:10} {counts['firms']:>7} firms | dashboard seeded in {time.perf_counter() - started:.1f} s "
          f"({counts['membership_periods']:,} periods, {counts['membership_payments']:,} payments, "
          f"{counts['outbox_messages']:,} outbox messages)", flush=True)
    timings, figures, page = time_renders(database_url)
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    verdict = "within" if p95 < TARGET_MS else "OVER"
    print(f"{'':25}| GET /staff/ ({RENDERS} renders): median {p50:6.1f} ms, p95 {p95:6.1f} ms "
          f"({verdict} {TARGET_MS} ms)", flush=True)
    print(f"{'':25}| each figure's query, median ms: "
          + ", ".join(f"{name} {ms:.1f}" for name, ms in figures.items()), flush=True)
    print(f"{'':25}| shown: {_shown(page)}", flush=True)
