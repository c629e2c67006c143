"""`memberships run`: reminders before the end, each once; catch-up after downtime; lapse after grace."""
import threading
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.memberships.models import MembershipReminder
from tests.memberships.conftest import BANK, firm_row, listed


@pytest.fixture
def firm_with_people(make_firm, make_user):
    """A firm with a Chinese and an English representative, a disabled one, and a visitor."""
    firm = make_firm("星海软件有限公司")
    people = {"zh": make_user("member", firm=firm), "en": make_user("member", firm=firm, locale="en"),
              "disabled": make_user("member", firm=firm), "visitor": make_user("visitor")}
    return firm, people


def disable(app, user) -> None:
    from portal.auth.models import User

    with app.app_context():
        db.session.get(User, user.id).is_enabled = False
        db.session.commit()


def reminders_to(mailbox, person) -> list:
    return [m for m in mailbox.to(person.email) if "会籍" in m["Subject"] or "membership" in m["Subject"]]


def test_representatives_are_reminded_30_and_7_days_before_the_end_each_once(app, firm_with_people, member_until,
                                                                            run_memberships, clock, mailbox):
    firm, people = firm_with_people
    disable(app, people["disabled"])
    member_until(firm, 40)
    assert run_memberships().startswith("reminders 0")
    clock.move(days=10)  # 30 days left
    assert run_memberships().startswith("reminders 1 (2 emails)")
    assert run_memberships().startswith("reminders 0")  # cron twice a day: nothing twice
    (zh,), (en,) = reminders_to(mailbox, people["zh"]), reminders_to(mailbox, people["en"])
    assert "会籍" in zh["Subject"] and "Your membership ends on" in en["Subject"]
    for message in (zh, en):
        text = mailbox.text(message)
        assert "¥2,000.00" in text and BANK["MEMBERSHIP_BANK_ACCOUNT"] in text and "星海软件有限公司" in text
        assert "https://portal.example.org/account/membership" in text
    clock.move(days=23)  # 7 days left
    run_memberships()
    run_memberships()
    assert len(reminders_to(mailbox, people["zh"])) == len(reminders_to(mailbox, people["en"])) == 2
    assert reminders_to(mailbox, people["disabled"]) == reminders_to(mailbox, people["visitor"]) == []


def test_a_run_after_days_down_sends_the_nearest_reminder_only(app, firm_with_people, member_until, run_memberships,
                                                               clock, mailbox):
    firm, people = firm_with_people
    member_until(firm, 40)
    clock.move(days=35)  # five days left, and nothing ran since the payment
    assert run_memberships() == "reminders 1 (3 emails), passed over 1, lapsed 0"
    assert len(reminders_to(mailbox, people["zh"])) == 1
    with app.app_context():
        rows = {(r.kind, r.skipped) for r in db.session.scalars(db.select(MembershipReminder))}
    assert rows == {("30", True), ("7", False)}
    clock.move(days=3)
    assert run_memberships().startswith("reminders 0")
    assert len(reminders_to(mailbox, people["zh"])) == 1


def test_a_run_after_the_end_still_reminds_a_firm_in_its_grace(app, firm_with_people, member_until, run_memberships,
                                                               clock, mailbox):
    firm, people = firm_with_people
    member_until(firm, 40)
    clock.move(days=45)  # ended five days ago; the worker was down all along
    assert run_memberships().startswith("reminders 1")
    (message,) = reminders_to(mailbox, people["en"])
    assert "ended on" in message["Subject"] and "stays in the member directory until" in mailbox.text(message)
    assert firm_row(app, firm.id)["status"] == "active"


def test_a_membership_ended_more_than_the_grace_ago_lapses(app, client, make_firm, member_until, run_memberships,
                                                           clock):
    firm = make_firm("过期测试有限公司")
    member_until(firm, 5)
    clock.move(days=5 + 30)  # ended 30 days ago: the last day of the grace
    assert run_memberships().endswith("lapsed 0")
    assert listed(client, firm)
    clock.move(days=1)
    assert run_memberships().endswith("lapsed 1")
    assert firm_row(app, firm.id)["status"] == "lapsed" and not listed(client, firm)
    assert run_memberships().endswith("lapsed 0")
    from portal.audit.models import AuditEntry

    with app.app_context():
        (entry,) = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "firm.lapsed")).all()
        assert entry.target == f"firm:{firm.id}"


def test_the_directory_hides_a_firm_past_its_grace_before_any_run(app, client, make_firm, member_until, clock):
    firm = make_firm("宽限测试有限公司")
    member_until(firm, 1)
    assert listed(client, firm)
    clock.move(days=1 + 31)
    assert firm_row(app, firm.id)["status"] == "active"  # nobody ran `memberships run`
    assert not listed(client, firm)


def test_a_firm_with_no_recorded_end_stays_active(app, client, make_firm, run_memberships, clock):
    firm = make_firm("老会员有限公司")
    clock.move(days=800)
    assert run_memberships() == "reminders 0 (0 emails), passed over 0, lapsed 0"
    assert firm_row(app, firm.id)["status"] == "active" and listed(client, firm)


def test_the_worker_runs_the_same_on_its_schedule(app, firm_with_people, member_until, clock, mailbox):
    from portal.memberships.tasks import run_memberships_daily

    firm, people = firm_with_people
    member_until(firm, 40)
    clock.move(days=12)
    with app.app_context():
        run_memberships_daily()  # immediate mode: the task runs here, as the worker would
    assert len(reminders_to(mailbox, people["zh"])) == 1


def test_two_runs_at_once_send_each_reminder_once(app, firm_with_people, member_until, clock, mailbox):
    from portal import unit_of_work
    from portal.memberships.tasks import run_memberships

    firm, people = firm_with_people
    member_until(firm, 40)
    clock.move(days=12)
    start, errors = threading.Barrier(2), []

    def one_run():
        try:
            with app.app_context():
                start.wait(timeout=10)
                unit_of_work.run(run_memberships)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=60)
    assert errors == []
    assert len(reminders_to(mailbox, people["zh"])) == len(reminders_to(mailbox, people["en"])) == 1


def test_each_reminder_of_a_period_is_one_row_whatever_writes_it(app, make_firm, member_until):
    from sqlalchemy.exc import IntegrityError

    from portal.memberships.models import MembershipPeriod

    firm = make_firm()
    member_until(firm, 40)
    with app.app_context():
        period_id = db.session.scalar(db.select(MembershipPeriod.id).where(MembershipPeriod.firm_id == firm.id))
        db.session.add(MembershipReminder(period_id=period_id, kind="30"))
        db.session.commit()
        db.session.add(MembershipReminder(period_id=period_id, kind="30"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MEMBERSHIP_REMINDER_DAYS": "30,7"}


def test_a_renewal_before_the_end_stops_the_reminders(app, firm_with_people, member_until, run_memberships, clock,
                                                      mailbox, pay, today):
    firm, people = firm_with_people
    member_until(firm, 40)
    clock.move(days=12)
    run_memberships()
    assert pay(firm.slug, today() + timedelta(days=400)).exit_code == 0
    clock.move(days=25)  # 3 days before the old end
    assert run_memberships().startswith("reminders 0")
    assert len(reminders_to(mailbox, people["zh"])) == 1
