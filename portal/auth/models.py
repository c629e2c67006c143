"""Accounts."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.database import UTCDateTime, utcnow
from portal.extensions import db
from portal.permissions import Role

ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


#: method -> a hash of a password nobody has, made once per method at first use.
_dummy_hashes: dict[str, str] = {}


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash, doing the same work when there is no hash to check."""
    # An unknown address, or an account without a password, is checked against a dummy hash of
    # the same cost: otherwise the answer's time tells whether the address has an account.
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    matches = check_password_hash(password_hash or _dummy_hashes[method], password)
    return password_hash is not None and matches


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case: one account per address, whatever the capitals.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    #: None until an invited person sets their own password.
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=Role.VISITOR.value)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: Interface and email language, "zh" or "en".
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    #: What the session cookie carries instead of the id; replaced to end every session at once.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    #: The firm a member representative speaks for; None for every other role.
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the person agreed to the privacy notice (on accepting an invitation).
    privacy_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the person had their personal data erased; the row stays for what must be kept.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The TOTP secret (base32) of the second factor; None until the account enrols.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The last 30-second step whose code was accepted: a code works once (RFC 6238, 5.2).
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    firm = relationship("Firm", back_populates="representatives")
    recovery_codes = relationship("RecoveryCode", back_populates="user", cascade="all, delete-orphan",
                                  passive_deletes=True)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    @property
    def requires_second_factor(self) -> bool:
        """Staff and admins always sign in with a second factor."""
        return Role(self.role) in (Role.STAFF, Role.ADMIN)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    def end_sessions(self) -> None:
        """Invalidate every session and remember-me cookie of this account."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class RecoveryCode(db.Model):
    """A one-time code that stands in for the TOTP code when the phone is lost."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code: the codes are random (40 bits), so a slow hash would add nothing.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", back_populates="recovery_codes")
