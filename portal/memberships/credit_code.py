"""The 统一社会信用代码 (unified social credit code, GB 32100-2015): normalised, then checked.

The code has 18 characters from an alphabet of 31 (digits and capitals without I, O, S, V, Z);
the 18th is a check character over the first 17. Published examples that pass:
91350100M000100Y43, 914403001922038216, 91110108551385082Q, 91330100799655058B.
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

#: The code's characters in the order of their values 0..30 (GB 32100-2015, table 1).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {character: value for value, character in enumerate(ALPHABET)}
LENGTH = 18
#: W_i = 3^(i-1) mod 31 for the positions i = 1..17.
WEIGHTS = tuple(pow(3, position, 31) for position in range(LENGTH - 1))
_SPACE = re.compile(r"\s+")


class CreditCodeError(ValueError):
    """A code that fails the standard, with the reason fit to show to the applicant."""


def normalise(code: str) -> str:
    """Return the code as the standard writes it: half-width, upper case, no spaces of any kind."""
    # NFKC turns full-width ＡＢ１２ (typed with a Chinese input method) and the ideographic space
    # into their plain forms; upper() only then, as it would not touch the full-width letters.
    return _SPACE.sub("", unicodedata.normalize("NFKC", code or "")).upper()


def check_character(first17: str) -> str:
    """Return the 18th character for the first 17: C18 = 31 - (Σ value·W mod 31), where 31 is 0."""
    total = sum(VALUES[character] * weight for character, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def verify(code: str) -> str:
    """Return the normalised code, or raise CreditCodeError saying what is wrong with it."""
    code = normalise(code)
    if len(code) < LENGTH:
        raise CreditCodeError(_l("The credit code is too short: it has 18 characters, this has %(count)s.",
                                 count=len(code)))
    if len(code) > LENGTH:
        raise CreditCodeError(_l("The credit code is too long: it has 18 characters, this has %(count)s.",
                                 count=len(code)))
    for position, character in enumerate(code, 1):
        if character not in VALUES:
            raise CreditCodeError(_l("The credit code cannot contain “%(character)s” (character %(position)s): "
                                     "it uses digits and capital letters other than I, O, S, V and Z.",
                                     character=character, position=position))
    if check_character(code[:-1]) != code[-1]:
        raise CreditCodeError(_l("The credit code's last character does not match the others: please check "
                                 "it against the business licence."))
    return code


def is_valid(code: str) -> bool:
    try:
        verify(code)
    except CreditCodeError:
        return False
    return True
