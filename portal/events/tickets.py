"""Ticket codes, the signed links people get by email, and the QR code of a ticket."""
from __future__ import annotations

import io
import re
import secrets

import segno

from portal.signing import sign, unsign

#: Crockford's base 32: no I, L, O or U, so a code read aloud or typed at the door survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits: far beyond guessing, short enough to type
_SALT = "event-registration"


def new_ticket_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Show a code in groups of four (ABCD-EFGH-JKMN), as printed on the ticket."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(typed: str) -> str:
    """Read a typed or scanned code: any case, spaces and hyphens, O for 0 and I/L for 1."""
    code = re.sub(r"[\s\-]", "", typed or "").upper()
    return code.translate(str.maketrans("OIL", "011"))


def registration_token(registration) -> str:
    """A link token naming the registration; tied to its ticket code so it cannot be forged."""
    return sign([registration.id, registration.ticket_code[:4]], _SALT)


def load_registration_id(token: str) -> tuple[int, str] | None:
    """Return (registration id, code prefix) from a token, or None when it is not ours."""
    try:
        registration_id, prefix = unsign(token, _SALT)
    except (TypeError, ValueError):  # refused, or not the pair this module signs
        return None
    if not isinstance(registration_id, int) or not isinstance(prefix, str):
        return None
    return registration_id, prefix


def qr_png(code: str) -> bytes:
    """A PNG QR code of the ticket code, for the ticket email (which carries it inline)."""
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def qr_data_uri(code: str) -> str:
    """A PNG QR code of the ticket code as a data: URI (the CSP allows data: images)."""
    return segno.make(code, error="m").png_data_uri(scale=6, border=2)
