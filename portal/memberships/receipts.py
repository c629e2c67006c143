"""What a receipt (收据) shows, for the member's page and the staff's alike."""
from __future__ import annotations

from flask import current_app

from portal.home.models import current_association
from portal.i18n import current_language
from portal.memberships.capitals import capitals
from portal.memberships.models import MembershipPayment


def receipt_context(payment: MembershipPayment) -> dict:
    """Return the receipt's values: the association, the payer, the amount in figures and in capitals."""
    association = current_association()
    language = current_language()
    if association is not None:
        issuer = association.localised("name", language)
    else:
        issuer = current_app.config["SITE_NAME"]
    return {"payment": payment, "firm": payment.firm, "issuer": issuer, "association": association,
            "capitals": capitals(payment.amount_fen)}


def pay_details() -> dict:
    """Return where dues are paid (the association's bank account, from settings)."""
    config = current_app.config
    return {"payee": config["MEMBERSHIP_PAYEE"] or config["SITE_NAME"], "bank_name": config["MEMBERSHIP_BANK_NAME"],
            "bank_account": config["MEMBERSHIP_BANK_ACCOUNT"]}
