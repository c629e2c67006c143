"""`make bench`, memberships: `memberships run` over every seeded firm, on SQLite and PostgreSQL.

The busiest days of a calendar-year association (the default, MEMBERSHIP_YEAR=calendar): every
firm's membership ends on 31 December, so on 1 December every firm is due its 30-day reminder
at once, and on 31 January every firm that did not renew lapses at once. Seeding is set-based
(INSERT … SELECT): each firm gets this year's period and one representative (a fifth of them
reading English). Then, in this process, with the site's clock moved to each day:
1 December (30 days left: a reminder to every firm), the same run again (nothing left to do),
24 December after nine in ten firms renewed (7 days left for the rest), and 31 January (the
rest lapse, and leave the search index). Last, the command itself as cron runs it on the real
date, in a process of its own (start-up included).
"""
from __future__ import annotations

import subprocess
import time
from datetime import date, timedelta

from sqlalchemy import text

#: One firm in this many does not renew (and is reminded at 7 days, then lapses).
UNRENEWED_ONE_IN = 10


def _app(database_url: str):
    from portal import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def _now(db) -> str:
    """The SQL of the current time, as each database writes it (created_at is not what is timed)."""
    return "CURRENT_TIMESTAMP" if db.engine.dialect.name == "sqlite" else "now()"


def seed_memberships(database_url: str, year_end: date) -> int:
    """Give every firm a period ending on `year_end` and a representative; return how many firms."""
    from portal import unit_of_work
    from portal.extensions import db

    app = _app(database_url)
    with app.app_context():
        now = _now(db)
        dues = ("CASE tier WHEN 'president' THEN 2000000 WHEN 'vice_president' THEN 1000000 "
                "WHEN 'council' THEN 500000 WHEN 'supervisor' THEN 300000 ELSE 200000 END")
        values = {"starts": date(year_end.year, 1, 1), "ends": year_end}

        def seed() -> int:
            db.session.execute(text(
                f"INSERT INTO membership_periods (firm_id, starts_on, ends_on, tier, dues_fen, created_at) "
                f"SELECT id, :starts, :ends, tier, {dues}, {now} FROM firms"), values)
            db.session.execute(text("UPDATE firms SET membership_ends_on = :ends"), values)
            db.session.execute(text(
                "INSERT INTO users (email, name, role, is_enabled, locale, session_token, firm_id, created_at) "
                "SELECT 'rep-' || id || '@bench.example.org', '', 'member', TRUE, "
                f"CASE WHEN id % 5 = 0 THEN 'en' ELSE 'zh' END, 'bench-session-' || id, id, {now} FROM firms"))
            return db.session.scalar(text("SELECT count(*) FROM firms"))

        firms = unit_of_work.run(seed)
        unit_of_work.run(db.session.execute, text("ANALYZE"))  # the planner sees the new rows
        db.engine.dispose()
    return firms


def renew_most(db, year_end: date) -> None:
    """Nine firms in ten pay for next year (a period each, set-based, as the treasurer's entries add up)."""
    now = _now(db)
    values = {"starts": year_end + timedelta(days=1), "ends": date(year_end.year + 1, 12, 31)}
    renewing = f"id % {UNRENEWED_ONE_IN} <> 0"
    db.session.execute(text(
        "INSERT INTO membership_periods (firm_id, starts_on, ends_on, tier, dues_fen, created_at) "
        f"SELECT id, :starts, :ends, tier, 200000, {now} FROM firms WHERE {renewing}"), values)
    db.session.execute(text(f"UPDATE firms SET membership_ends_on = :ends WHERE {renewing}"), values)


def time_runs(database_url: str, year_end: date) -> list[tuple[str, float, str]]:
    """Time `memberships run` in this process on the busy days of the year, the clock moved to each."""
    from portal import database, unit_of_work
    from portal.extensions import db
    from portal.i18n import local_today
    from portal.memberships.tasks import run_memberships

    app = _app(database_url)
    days = [("1 December, a reminder to every firm", year_end - timedelta(days=30)),
            ("1 December, the same run again", year_end - timedelta(days=30)),
            ("24 December, the unrenewed tenth", year_end - timedelta(days=7)),
            ("31 January, the unrenewed tenth lapses", year_end + timedelta(days=31))]
    figures = []
    try:
        with app.app_context():
            for name, day in days:
                database.move_clock(timedelta(days=(day - local_today()).days))
                if name.startswith("24 December"):
                    unit_of_work.run(renew_most, db, year_end)
                started = time.perf_counter()
                summary = unit_of_work.run(run_memberships)
                figures.append((name, time.perf_counter() - started, str(summary)))
            db.engine.dispose()
    finally:
        database.reset_clock()
    return figures


def time_command(flask_command: list[str], env: dict, cwd) -> tuple[float, str]:
    """Time `flask --app portal memberships run` as cron runs it, process start-up included."""
    started = time.perf_counter()
    done = subprocess.run([*flask_command, "memberships", "run"], env=env, cwd=cwd, check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - started, done.stdout.strip().splitlines()[-1]


def report(backend: str, database_url: str, flask_command: list[str], env: dict, cwd) -> None:
    from portal.i18n import local_today

    with _app(database_url).app_context():
        year_end = date(local_today().year, 12, 31)
    started = time.perf_counter()
    firms = seed_memberships(database_url, year_end)
    print(f"{backend:10} {firms:>7} firms | memberships seeded in {time.perf_counter() - started:.1f} s "
          f"(a period to {year_end} and a representative each)", flush=True)
    for name, seconds, summary in time_runs(database_url, year_end):
        print(f"{'':25}| memberships run, {name}: {seconds:6.2f} s  [{summary}]", flush=True)
    seconds, summary = time_command(flask_command, env, cwd)
    print(f"{'':25}| flask --app portal memberships run, as cron (own process, today): {seconds:6.2f} s  "
          f"[{summary}]", flush=True)
