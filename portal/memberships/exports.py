"""The treasurer's workbook: firms, their periods and their payments, formula-injection safe."""
from __future__ import annotations

import io
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from portal.auth.models import User
from portal.events.exports import neutralise
from portal.extensions import db
from portal.members.models import Firm
from portal.members.states import FirmStatus
from portal.members import tiers
from portal.memberships.models import MembershipPayment, MembershipPeriod
from portal.memberships.states import PaymentMethod

#: Excel shows yuan with thousands separators and two decimals.
YUAN_FORMAT = "#,##0.00"


def _yuan(fen: int | None) -> Decimal:
    return Decimal(int(fen or 0)) / 100


def _day(value) -> str:
    return value.isoformat() if value is not None else ""


def firm_rows():
    """Yield a row per firm: standing, end, invoice details, and dues owed against paid."""
    owed = (sa.select(MembershipPeriod.firm_id, sa.func.sum(MembershipPeriod.dues_fen).label("fen"))
            .group_by(MembershipPeriod.firm_id).subquery())
    paid = (sa.select(MembershipPayment.firm_id, sa.func.sum(MembershipPayment.amount_fen).label("fen"))
            .group_by(MembershipPayment.firm_id).subquery())
    query = (sa.select(Firm, owed.c.fen, paid.c.fen).outerjoin(owed, owed.c.firm_id == Firm.id)
             .outerjoin(paid, paid.c.firm_id == Firm.id).order_by(Firm.tier_rank, Firm.sort_key, Firm.id)
             .execution_options(yield_per=1000))
    yield [_l("Short name"), _l("Name"), _l("Tier"), _l("Status"), _l("Member until"), _l("Invoice title (发票抬头)"),
           _l("Tax number (税号)"), _l("Dues owed (¥)"), _l("Paid (¥)")]
    for firm, owed_fen, paid_fen in db.session.execute(query):
        yield [firm.slug, firm.name, tiers.label(firm.tier), FirmStatus.label_of(firm.status),
               _day(firm.membership_ends_on), firm.invoice_title, firm.tax_number, _yuan(owed_fen), _yuan(paid_fen)]


def period_rows():
    query = (sa.select(MembershipPeriod, Firm.slug, Firm.name).join(Firm, Firm.id == MembershipPeriod.firm_id)
             .order_by(Firm.slug, MembershipPeriod.starts_on, MembershipPeriod.id).execution_options(yield_per=1000))
    yield [_l("Short name"), _l("Name"), _l("From"), _l("To"), _l("Tier"), _l("Dues (¥)")]
    for period, slug, name in db.session.execute(query):
        yield [slug, name, _day(period.starts_on), _day(period.ends_on), tiers.label(period.tier), _yuan(period.dues_fen)]


def payment_rows():
    query = (sa.select(MembershipPayment, Firm.slug, Firm.name, MembershipPeriod.starts_on, MembershipPeriod.ends_on,
                       User.email)
             .join(Firm, Firm.id == MembershipPayment.firm_id)
             .outerjoin(MembershipPeriod, MembershipPeriod.id == MembershipPayment.period_id)
             .outerjoin(User, User.id == MembershipPayment.recorded_by_id)
             .order_by(MembershipPayment.received_on, MembershipPayment.id).execution_options(yield_per=1000))
    yield [_l("Receipt"), _l("Short name"), _l("Name"), _l("Received on"), _l("Amount (¥)"), _l("Paid by"),
           _l("Reference"), _l("For the period"), _l("Recorded by")]
    for payment, slug, name, starts_on, ends_on, recorder in db.session.execute(query):
        period = f"{_day(starts_on)} – {_day(ends_on)}" if starts_on else ""
        yield [payment.receipt_number, slug, name, _day(payment.received_on), _yuan(payment.amount_fen),
               PaymentMethod.label_of(payment.method), payment.reference, period, recorder or ""]


def workbook() -> bytes:
    """Return the workbook (.xlsx) of firms, periods and payments."""
    # Write-only: rows stream into the file, so a hundred thousand firms need little memory.
    book = Workbook(write_only=True)
    for title, rows in ((_l("Firms"), firm_rows()), (_l("Periods"), period_rows()), (_l("Payments"), payment_rows())):
        sheet = book.create_sheet(title=str(title)[:31])
        header = next(rows)
        sheet.append([_bold(sheet, str(label)) for label in header])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet, value) -> WriteOnlyCell:
    """A cell holding text as text (never a formula: the attendee exports' escaping), amounts as yuan."""
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if isinstance(value, Decimal):
        cell.number_format = YUAN_FORMAT
    elif isinstance(cell.value, str):
        cell.data_type = "s"  # text, whatever openpyxl guessed
    return cell
