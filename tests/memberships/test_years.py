"""The membership year is the calendar year or twelve months from the start, as the settings say."""
from datetime import date

import pytest

from portal import create_app
from portal.memberships.periods import period_end, years_covered
from portal.memberships.reminders import reminder_days


def app_with(**settings):
    return create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       **settings})


@pytest.mark.parametrize(("year", "starts", "ends"), [
    ("calendar", date(2026, 3, 15), date(2026, 12, 31)),
    ("calendar", date(2026, 11, 30), date(2026, 12, 31)),
    ("calendar", date(2026, 12, 2), date(2027, 12, 31)),  # joining in December runs to the next year's end
    ("anniversary", date(2026, 3, 15), date(2027, 3, 14)),
    ("anniversary", date(2024, 2, 29), date(2025, 2, 28)),
    ("anniversary", date(2026, 1, 1), date(2026, 12, 31)),
])
def test_a_membership_year_ends_as_the_setting_says(year, starts, ends):
    with app_with(MEMBERSHIP_YEAR=year).app_context():
        assert period_end(starts) == ends


@pytest.mark.parametrize(("month", "ends"), [(10, date(2027, 12, 31)), (13, date(2026, 12, 31))])
def test_staff_choose_from_which_month_a_new_membership_runs_to_the_next_years_end(month, ends):
    with app_with(MEMBERSHIP_NEXT_YEAR_FROM_MONTH=month).app_context():
        assert period_end(date(2026, 10, 8)) == ends


def test_a_period_owes_a_years_dues_for_each_year_it_covers_and_at_least_one():
    with app_with().app_context():
        assert years_covered(date(2026, 12, 2), date(2027, 12, 31)) == 1  # joined in December
        assert years_covered(date(2026, 1, 1), date(2027, 12, 31)) == 2
        assert years_covered(date(2026, 12, 2), date(2026, 12, 31)) == 1


@pytest.mark.parametrize(("setting", "days"), [("30,7", [7, 30]), (7, [7]), ("7, 30, 60", [7, 30, 60]),
                                               ([14, 3], [3, 14]), ("", [])])
def test_reminder_days_are_read_from_the_setting_as_cron_or_json_gives_them(setting, days):
    with app_with(MEMBERSHIP_REMINDER_DAYS=setting).app_context():
        assert reminder_days() == days


@pytest.mark.parametrize("setting", ["soon", "30,-1", "400"])
def test_a_wrong_reminder_setting_says_what_is_wrong(setting):
    with app_with(MEMBERSHIP_REMINDER_DAYS=setting).app_context(), pytest.raises(RuntimeError, match="REMINDER"):
        reminder_days()


def test_the_settings_come_from_portal_variables(monkeypatch):
    monkeypatch.setenv("PORTAL_MEMBERSHIP_GRACE_DAYS", "45")
    monkeypatch.setenv("PORTAL_MEMBERSHIP_REMINDER_DAYS", "60,14")
    app = app_with()
    assert app.config["MEMBERSHIP_GRACE_DAYS"] == 45
    with app.app_context():
        assert reminder_days() == [14, 60]
