"""Accounts: creating, authenticating, passwords, invitations, roles."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.auth import tokens
from portal.auth.models import User, verify_password
from portal.database import utcnow
from portal.extensions import db
from portal.mail.services import queue_message
from portal.permissions import Role
from portal.urls import site_url

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with a reason fit to show."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, role: Role, password: str | None = None, name: str = "",
                locale: str = "zh", actor=None, firm=None) -> User:
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError(f"an account for {email} already exists")
    if Role(role) == Role.MEMBER and firm is None:
        raise AccountError("a member account needs its firm (--firm SLUG)")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = User(email=email, role=Role(role).value, name=name, locale=locale,
                firm_id=firm.id if firm is not None and Role(role) == Role.MEMBER else None)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "account.created", f"user:{user.id}", email=email, role=user.role, firm=user.firm_id)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the enabled account with these credentials, or None; log a failure."""
    user = find_user(email)
    # The password is checked even for an unknown or disabled account, so that every wrong
    # answer takes as long as every other (see verify_password).
    password_ok = verify_password(user.password_hash if user else None, password)
    if user is None or not user.is_enabled or not password_ok:
        record(user, "auth.login_failed", f"user:{user.id}" if user else "", email=normalise_email(email))
        return None
    return user


def needs_second_factor(user: User) -> bool:
    """Staff and admins always give a code after the password; others once they have enrolled."""
    return user.requires_second_factor or user.has_second_factor


def record_login(user: User) -> None:
    """Log a completed login: the password, and the second factor where one is asked."""
    user.last_login_at = utcnow()
    record(user, "auth.login", f"user:{user.id}")


def change_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    record(user, "auth.password_changed", f"user:{user.id}")


def request_password_reset(email: str) -> None:
    """Email a reset link if the address has an account; say nothing either way."""
    user = find_user(email)
    if user is None or not user.is_enabled:
        return
    token = tokens.make_token(user, tokens.RESET)
    queue_message(
        user.email, "password_reset", _l("Reset your password"), user.locale,
        user=user, link=site_url("auth.reset_password", token=token),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )
    record(user, "auth.password_reset_requested", f"user:{user.id}")


def reset_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    record(user, "auth.password_reset", f"user:{user.id}")


def invite(actor: User, email: str, role: Role, name: str, locale: str, firm=None) -> User:
    """Create an account without a password and email its owner a link to choose one."""
    user = create_user(email, role, name=name, locale=locale, actor=actor, firm=firm)
    send_invitation(actor, user)
    return user


def send_invitation(actor: User, user: User, template: str = "invitation", subject=None, **context) -> None:
    """Email the link to choose a password; another feature may word it (`template`, `subject`, `context`)."""
    token = tokens.make_token(user, tokens.INVITATION)
    queue_message(
        user.email, template, subject or _l("You are invited to the association portal"), user.locale,
        user=user, inviter=actor, link=site_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_MAX_AGE"] // 86400, **context,
    )
    record(actor, "account.invited", f"user:{user.id}", email=user.email, role=user.role)


def accept_invitation(user: User, password: str) -> None:
    """Set the invitee's password and record their consent to the privacy notice."""
    user.set_password(password)
    user.privacy_consent_at = utcnow()
    record(user, "account.invitation_accepted", f"user:{user.id}")


def set_role(actor: User, user: User, role: Role) -> None:
    if user.id == actor.id:
        raise AccountError(_l("You cannot change your own role."))
    old = user.role
    if old == role.value:
        return
    if role == Role.MEMBER and user.firm_id is None:
        raise AccountError(_l("A member representative needs a firm: invite them from the firm's page."))
    user.role = role.value
    user.end_sessions()
    record(actor, "account.role_changed", f"user:{user.id}", old=old, new=role.value)


def set_enabled(actor: User, user: User, enabled: bool) -> None:
    if user.id == actor.id:
        raise AccountError(_l("You cannot disable your own account."))
    if user.is_enabled == enabled:
        return
    user.is_enabled = enabled
    # Ends every open session of that account at once: the cookie's token no longer matches.
    user.end_sessions()
    record(actor, "account.enabled" if enabled else "account.disabled", f"user:{user.id}")


def list_users(page: int, per_page: int = 50):
    query = db.select(User).order_by(User.role.desc(), User.email)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
