"""A firm's invoice details (发票信息), which its representatives keep."""
from __future__ import annotations

from portal.audit.services import record
from portal.members.models import Firm

FIELDS = ("invoice_title", "tax_number", "invoice_address", "invoice_phone", "invoice_bank", "invoice_account")


def invoice_details(firm: Firm) -> dict:
    """Return the firm's invoice details, the title and tax number filled from its name and credit code."""
    details = {name: getattr(firm, name) for name in FIELDS}
    details["invoice_title"] = details["invoice_title"] or firm.name
    # The 统一社会信用代码 is the tax number of every firm registered since 2015 (GB 32100-2015).
    details["tax_number"] = details["tax_number"] or (getattr(firm, "credit_code", None) or "")
    return details


def update_invoice_details(actor, firm: Firm, data: dict) -> None:
    """Set the firm's invoice details; an audit entry names the fields changed."""
    changed = [name for name in FIELDS if name in data and getattr(firm, name) != data[name]]
    for name in changed:
        setattr(firm, name, data[name])
    if changed:
        record(actor, "firm.invoice_details_changed", f"firm:{firm.id}", fields=changed)
