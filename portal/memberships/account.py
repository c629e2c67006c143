"""The member's own pages: their firm's membership, payments, receipts and invoice details."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.extensions import db
from portal.memberships import bp, periods
from portal.memberships.forms import InvoiceForm
from portal.memberships.invoices import invoice_details, update_invoice_details
from portal.memberships.models import MembershipPayment
from portal.memberships.periods import dues_for
from portal.memberships.policies import can_edit_invoice_details, can_view_membership, can_view_receipt
from portal.memberships.receipts import pay_details, receipt_context


@bp.route("/account/membership", methods=["GET", "POST"])
@login_required
def mine():
    firm = current_user.firm
    if firm is None or not can_view_membership(current_user, firm):
        abort(403)  # staff and visitors speak for no firm
    form = InvoiceForm(data=invoice_details(firm))
    if can_edit_invoice_details(current_user, firm) and form.validate_on_submit():
        update_invoice_details(current_user, firm, form.details())
        flash(_("Your invoice details are saved."), "success")
        return redirect(url_for("memberships.mine"))
    return render_template("memberships/mine.html", firm=firm, form=form, standing=periods.standing(firm),
                           grace_ends_on=periods.grace_ends_on(firm), periods=periods.periods_of(firm),
                           payments=periods.payments_of(firm), dues=dues_for(firm.tier), **pay_details())


@bp.route("/account/membership/payments/<int:payment_id>/receipt")
@login_required
def receipt(payment_id: int):
    payment = db.get_or_404(MembershipPayment, payment_id)
    if not can_view_receipt(current_user, payment):
        abort(403)
    return render_template("memberships/receipt.html", back=url_for("memberships.mine"), **receipt_context(payment))
