"""An event is dated within the years 1900 to 2200, from the staff form and from the command line."""
import pytest

from portal.events.models import Event
from portal.extensions import db
from tests.events.test_staff_events import event_form

OUTSIDE = [{"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-01T02:00"},
           {"starts_at": "2031-07-08T14:00", "ends_at": "9999-12-31T23:59"},
           {"starts_at": "1899-12-31T23:00", "ends_at": "2031-07-08T17:00"},
           {"registration_opens_at": "0001-01-01T00:00"}, {"registration_closes_at": "9999-12-31T23:00"}]


def events_in(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Event))


@pytest.mark.parametrize("times", OUTSIDE)
def test_staff_cannot_date_an_event_outside_the_years_the_portal_knows(staff, app, times):
    response = staff.submit("/staff/events/new", event_form(**times))
    assert response.status_code == 200
    assert "请输入 1900 年至 2200 年之间的日期" in response.get_data(as_text=True)
    assert events_in(app) == 0


@pytest.mark.parametrize("times", OUTSIDE[:2])
def test_staff_cannot_move_an_event_outside_those_years(staff, app, make_event, times):
    event = make_event()
    response = staff.submit(f"/staff/events/{event.id}/edit", event_form(**times))
    assert response.status_code == 200 and "2200" in response.get_data(as_text=True)


def test_an_event_at_the_edges_of_those_years_is_saved(staff, app):
    response = staff.submit("/staff/events/new", event_form(starts_at="1900-01-01T09:00", ends_at="2200-12-31T22:00"))
    assert response.status_code == 302
    assert events_in(app) == 1


@pytest.mark.parametrize(("option", "value"), [("--starts", "0001-01-01T00:00"), ("--ends", "9999-12-31T23:59-08:00"),
                                               ("--capacity", "99999999999999999999")])
def test_the_command_refuses_such_an_event_with_one_line(app, option, value):
    args = ["--title", "T", "--starts", "2031-07-08T14:00", "--ends", "2031-07-08T17:00", "--venue", "V",
            "--capacity", "5"]
    args[args.index(option) + 1] = value
    result = app.test_cli_runner().invoke(args=["events", "create", *args])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert events_in(app) == 0


def test_the_csv_export_names_its_character_set_once(staff, make_event):
    event = make_event()
    response = staff.get(f"/staff/events/{event.id}/export?columns=name&format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
