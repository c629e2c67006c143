"""The second factor: TOTP secrets and codes (RFC 6238), recovery codes, enrolment and reset."""
from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import database
from portal.audit.services import record
from portal.auth.models import RecoveryCode, User
from portal.extensions import db

RECOVERY_CODE_COUNT = 10
#: No 0/o, 1/l/i: the codes are read off paper and typed by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class SecondFactorError(ValueError):
    """A change to the second factor that cannot be carried out, with a reason fit to show."""


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["SITE_NAME"])


def qr_svg(user: User, secret: str) -> Markup:
    """Return the QR code of the secret as inline SVG, for an authenticator app to scan."""
    svg = segno.make(provisioning_uri(user, secret), error="m").svg_inline(scale=4, border=2, light="#fff")
    return Markup(svg)


def _step(totp: pyotp.TOTP) -> int:
    return totp.timecode(database.utcnow())


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """Return the step (now, or one either side for a drifting phone) whose code this is, if unused."""
    totp = pyotp.TOTP(secret)
    now = _step(totp)
    for step in (now - 1, now, now + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _use_totp(user: User, code: str) -> bool:
    step = _matching_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    # Conditional, so that two requests racing with the same code cannot both pass.
    taken = db.session.execute(
        db.update(User).where(User.id == user.id,
                              (User.totp_last_step.is_(None)) | (User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _use_recovery_code(user: User, code: str) -> bool:
    used = db.session.execute(
        db.update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
                                      RecoveryCode.used_at.is_(None))
        .values(used_at=database.utcnow()).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        return False
    record(user, "auth.2fa_recovery_code_used", f"user:{user.id}", left=recovery_codes_left(user))
    return True


def check_code(user: User, code: str) -> bool:
    """Accept a current TOTP code, or an unused recovery code, once; log a failure."""
    code = _normalise(code)
    accepted = user.has_second_factor and (
        _use_totp(user, code) if code.isdigit() and len(code) == 6 else _use_recovery_code(user, code))
    if not accepted:
        record(user, "auth.2fa_failed", f"user:{user.id}")
    return accepted


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    db.session.flush()
    return codes


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Turn the second factor on if `code` proves the phone holds `secret`; return the recovery codes."""
    step = _matching_step(secret, _normalise(code), None)
    if step is None:
        record(user, "auth.2fa_failed", f"user:{user.id}", enrolling=True)
        return None
    user.totp_secret, user.totp_last_step, user.totp_enrolled_at = secret, step, database.utcnow()
    codes = _new_recovery_codes(user)
    # Sessions opened with the password alone end; the caller starts this one again.
    user.end_sessions()
    record(user, "auth.2fa_enrolled", f"user:{user.id}")
    return codes


def _clear(user: User) -> None:
    user.totp_secret = user.totp_last_step = user.totp_enrolled_at = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def disable(user: User, password: str) -> None:
    """Turn off an optional second factor, on the account's password."""
    if user.requires_second_factor:
        raise SecondFactorError(_l("Staff and admin accounts always sign in with a second factor."))
    if not user.check_password(password):
        raise SecondFactorError(_l("The password is wrong."))
    _clear(user)
    record(user, "auth.2fa_disabled", f"user:{user.id}")


def reset(actor: User | None, user: User) -> None:
    """Clear an account's second factor and end its sessions: it enrols again at its next sign-in."""
    _clear(user)
    user.end_sessions()
    record(actor, "account.2fa_reset", f"user:{user.id}", email=user.email)
