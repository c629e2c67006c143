"""Staff pages of paid membership: renewals and lapses, a payment on a firm's page, receipts, the export."""
from __future__ import annotations

from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.i18n import local_today
from portal.memberships import exports, overview, periods
from portal.memberships.forms import PaymentForm
from portal.memberships.models import MembershipPayment
from portal.memberships.policies import can_record_payment, can_view_receipt
from portal.memberships.receipts import receipt_context
from portal.permissions import Role, role_required
from portal.staff import bp


def payment_form(firm) -> PaymentForm:
    """The payment form of a firm's staff page: received today, until the end of its next year."""
    _starts_on, until = periods.next_period(firm)
    # Only its own submission fills it: another form of the page posted leaves its defaults shown.
    formdata = request.form if request.form.get("pay-submit") else None
    return PaymentForm(formdata=formdata, prefix="pay", received_on=local_today(), until=until)


def record_from(form: PaymentForm, firm) -> bool:
    """Record the payment the form holds; on a refusal, put the reason on the form and store nothing."""
    if not can_record_payment(current_user, firm):
        abort(403)
    try:
        periods.record_payment(current_user, firm, form.until.data, form.amount_fen(), form.method.data,
                               form.reference.data or "", form.received_on.data)
    except periods.PaymentError as error:
        db.session.rollback()
        form.until.errors = [*form.until.errors, str(error)]
        return False
    flash(_("The payment is recorded: %(firm)s is a member until %(day)s.", firm=firm.name,
            day=firm.membership_ends_on.isoformat()), "success")
    return True


def membership_context(firm) -> dict:
    """What the firm's staff page shows of its membership."""
    return {"standing_now": periods.standing(firm), "periods": periods.periods_of(firm),
            "payments": periods.payments_of(firm)}


@bp.route("/memberships/")
@role_required(Role.STAFF)
def memberships():
    today = local_today()
    return render_template("staff/memberships.html", due=overview.renewals_due(today),
                           grace=overview.in_grace(today), lapsed=overview.lapsed(today),
                           within=overview.DUE_WITHIN_DAYS)


@bp.route("/memberships/export.xlsx")
@role_required(Role.STAFF)
def memberships_export():
    response = Response(exports.workbook(),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="memberships-{local_today().isoformat()}.xlsx"'
    return response


@bp.route("/memberships/payments/<int:payment_id>/receipt")
@role_required(Role.STAFF)
def payment_receipt(payment_id: int):
    payment = db.get_or_404(MembershipPayment, payment_id)
    if not can_view_receipt(current_user, payment):
        abort(403)
    return render_template("memberships/receipt.html", back=url_for("staff.firm", slug=payment.firm.slug),
                           **receipt_context(payment))
