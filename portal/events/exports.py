"""Registration lists for staff: filters, and CSV and Excel files of the columns staff choose."""
from __future__ import annotations

import csv
import io

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import or_

from portal.events.models import Registration
from portal.events.states import RegistrationStatus
from portal.events.tickets import format_code
from portal.extensions import db

#: Filters of the staff list (query values): a status, or everyone who arrived.
FILTERS = {"all": _l("All"),
           **{s.value: s.label for s in (RegistrationStatus.CONFIRMED, RegistrationStatus.APPROVAL,
                                         RegistrationStatus.PENDING, RegistrationStatus.WAITING)},
           "checked_in": _l("Checked in"),
           **{s.value: s.label for s in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED,
                                         RegistrationStatus.EXPIRED)}}


def _when(value):
    return format_datetime(value, "yyyy-MM-dd HH:mm") if value is not None else ""


COLUMNS = {
    "name": (_l("Name"), lambda r: r.name),
    "email": (_l("Email"), lambda r: r.email),
    "organisation": (_l("Organisation"), lambda r: r.organisation),
    "status": (_l("Status"), lambda r: str(RegistrationStatus(r.status).label)),
    "waitlist_position": (_l("Place in line"), lambda r: r.waitlist_position or ""),
    "registered_at": (_l("Registered"), lambda r: _when(r.created_at)),
    "checked_in_at": (_l("Arrived"), lambda r: _when(r.checked_in_at)),
    "ticket": (_l("Ticket code"), lambda r: format_code(r.ticket_code)),
}
DEFAULT_COLUMNS = ["name", "organisation", "email", "status"]
#: A spreadsheet runs a cell starting with these as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def filtered(event, status: str = "all", q: str = ""):
    """Select the event's registrations under a staff filter, in a stable order."""
    query = db.select(Registration).where(Registration.event_id == event.id)
    if status == "checked_in":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif RegistrationStatus.parse(status) is not None:
        query = query.where(Registration.status == status)
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(or_(Registration.email_key.like(pattern), Registration.name.ilike(pattern),
                                Registration.organisation.ilike(pattern)))
    return query.order_by(Registration.waitlist_position.nulls_last() if status == RegistrationStatus.WAITING
                          else Registration.created_at, Registration.id)


def neutralise(value) -> object:
    """Keep a spreadsheet from running a cell as a formula: prefix risky text with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(registrations, columns: list[str]) -> list[list]:
    header = [str(COLUMNS[key][0]) for key in columns]
    return [header] + [[neutralise(COLUMNS[key][1](r)) for key in columns] for r in registrations]


def to_csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    # The byte order mark tells Excel the file is UTF-8, so Chinese names survive.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    # Sheet names refuse \ / ? * [ ] : and more than 31 characters.
    sheet.title = "".join(c for c in title if c not in '\\/?*[]:')[:31] or "Sheet1"
    for row in table:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever openpyxl guessed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
