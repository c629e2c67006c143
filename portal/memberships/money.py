"""Amounts of money: typed yuan read into integer fen, and fen shown as yuan (¥1,234.50)."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

#: The most one payment may be: more is a typing slip (dues run to tens of thousands of yuan).
MAX_FEN = 10_000_000 * 100
#: Digits, with or without thousands commas, and at most two decimals (jiao and fen).
YUAN = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?")
#: What a Chinese input method types for digits, point and comma, as ASCII.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


class AmountError(ValueError):
    """Text that is not an amount of money we accept, with a reason fit to show."""


def parse_yuan(text: str) -> int:
    """Return the fen in `text`, an amount in yuan ("1234.5", "¥1,234.50"); refuse anything else."""
    cleaned = (text or "").translate(FULL_WIDTH).strip().removeprefix("¥").removeprefix("￥").strip()
    if cleaned.startswith("-"):
        raise AmountError(_l("An amount cannot be negative."))
    if not YUAN.fullmatch(cleaned):
        raise AmountError(_l("Give the amount in yuan, with at most two decimals (e.g. 2000 or 1234.50)."))
    whole, _, decimals = cleaned.replace(",", "").partition(".")
    if len(whole) > 12:
        raise AmountError(_l("That amount is too large for one payment."))
    fen = int(whole) * 100 + int(decimals.ljust(2, "0") or 0)
    if fen > MAX_FEN:
        raise AmountError(_l("That amount is too large for one payment."))
    return fen


def format_yuan(fen: int) -> str:
    """Return fen as yuan in figures, with thousands commas and two decimals: ¥1,234.50."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def plain_yuan(fen: int) -> str:
    """Return fen as yuan for a form field or a spreadsheet: 1234.50."""
    whole, cents = divmod(int(fen), 100)
    return f"{whole}.{cents:02d}"
