"""The association itself: one row, shown on the home page and in emails."""
from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class Association(db.Model):
    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    intro_en: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    address_en: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")

    def localised(self, field: str, language: str) -> str:
        """Return the English text of a field in English when there is one, else the Chinese."""
        if language == "en":
            return getattr(self, f"{field}_en", "") or getattr(self, field)
        return getattr(self, field)


def current_association() -> Association | None:
    return db.session.scalar(db.select(Association).order_by(Association.id).limit(1))
