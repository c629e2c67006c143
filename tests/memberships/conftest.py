"""Paying, running and reading memberships as staff, cron and representatives do."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.i18n import local_today
from portal.members.models import Firm


BANK = {"MEMBERSHIP_PAYEE": "大连市数字贸易协会", "MEMBERSHIP_BANK_NAME": "中国银行大连软件园支行",
        "MEMBERSHIP_BANK_ACCOUNT": "3100 0000 1234 5678"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, **BANK}


@pytest.fixture
def today(app):
    """Return the association's date today (Beijing), as the site's moved clock says."""

    def current() -> date:
        with app.app_context():
            return local_today()

    return current


@pytest.fixture
def pay(app):
    """Run `memberships pay SLUG --until DAY [options]`; return the click result."""

    def run(slug: str, until: date | str, *options: str):
        until = until.isoformat() if isinstance(until, date) else until
        return app.test_cli_runner().invoke(args=["memberships", "pay", slug, "--until", until, *options])

    return run


@pytest.fixture
def run_memberships(app):
    """Run `memberships run` as cron does; return its one-line summary."""

    def run() -> str:
        result = app.test_cli_runner().invoke(args=["memberships", "run"])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return run


@pytest.fixture
def member_until(pay, today):
    """Make a firm a paid-up member until `days` from today (a payment of its dues)."""

    def make(firm, days: int):
        result = pay(firm.slug, today() + timedelta(days=days))
        assert result.exit_code == 0, result.output
        return int(result.output.strip().splitlines()[-1])

    return make


def firm_row(app, firm_id: int) -> dict:
    with app.app_context():
        firm = db.session.get(Firm, firm_id)
        return {"status": firm.status, "ends_on": firm.membership_ends_on, "is_public": firm.is_public}


def listed(client, firm) -> bool:
    """Tell whether the public directory, its search, the firm's page and the API all show the firm."""
    found = [f'href="/members/{firm.slug}"' in client.get("/members/").get_data(as_text=True),
             f'href="/members/{firm.slug}"' in client.get("/members/", query_string={"q": firm.name}).get_data(as_text=True),
             client.get(f"/members/{firm.slug}").status_code == 200,
             client.get(f"/api/v1/members/{firm.slug}").status_code == 200,
             firm.slug in client.get("/api/v1/members").get_data(as_text=True)]
    assert len(set(found)) == 1, f"the public places disagree about {firm.slug}: {found}"
    return found[0]


def payments(app) -> list:
    from portal.memberships.models import MembershipPayment

    with app.app_context():
        return [(p.firm_id, p.amount_fen, p.method, p.reference, p.received_on, p.period_id, p.recorded_by_id)
                for p in db.session.scalars(db.select(MembershipPayment).order_by(MembershipPayment.id))]


def periods(app, firm_id: int) -> list[tuple]:
    from portal.memberships.models import MembershipPeriod

    with app.app_context():
        return [(p.starts_on, p.ends_on, p.tier, p.dues_fen) for p in db.session.scalars(
            db.select(MembershipPeriod).where(MembershipPeriod.firm_id == firm_id).order_by(MembershipPeriod.starts_on))]
