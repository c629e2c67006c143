"""Admin forms for the tiers (labels, place, yearly dues) and the industries. Forms never write."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp, ValidationError

from portal.members import tiers
from portal.members.catalogue_changes import CODE, DOWN, UP
from portal.members.categories import INDUSTRY_CODE_LENGTH, TIER_CODE_LENGTH

#: More than any association's yearly dues: a larger figure is a slip of the keyboard.
MAX_DUES_FEN = 100_000_000 * 100
#: Digits, with or without thousands commas, and at most two decimals (jiao and fen).
YUAN = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?")
#: What a Chinese input method types for digits, point and comma, as ASCII.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def yuan_to_fen(text: str) -> int:
    """Return the fen in `text`, an amount in yuan ("2000", "¥1,234.50"); ValueError for anything else."""
    cleaned = (text or "").translate(FULL_WIDTH).strip().removeprefix("¥").removeprefix("￥").strip()
    if not YUAN.fullmatch(cleaned):
        raise ValueError(text)
    whole, _, decimals = cleaned.replace(",", "").partition(".")
    return int(whole) * 100 + int(decimals.ljust(2, "0"))


def fen_to_yuan(fen: int) -> str:
    """Return fen as yuan for a form field: 2000.00."""
    whole, cents = divmod(int(fen), 100)
    return f"{whole}.{cents:02d}"


def _yuan(form, field):
    try:
        fen = yuan_to_fen(field.data)
    except ValueError:
        raise ValidationError(_l("Give the dues in yuan, with at most two decimals (e.g. 2000 or 1234.50).")) from None
    if fen > MAX_DUES_FEN:
        raise ValidationError(_l("That is more than any tier's yearly dues."))
    form.dues_fen = fen


def _code(length: int):
    return [DataRequired(), Length(max=length), Regexp(
        f"^{CODE.pattern}$", message=_l("Use lower-case letters, digits and underscores, starting with a letter."))]


def _label_zh() -> StringField:
    return StringField(_l("Chinese label"), validators=[DataRequired(), Length(max=60)])


def _label_en() -> StringField:
    return StringField(_l("English label"), validators=[DataRequired(), Length(max=100)])


def _dues() -> StringField:
    return StringField(_l("Yearly dues (yuan)"), validators=[DataRequired(), _yuan])


class TierForm(FlaskForm):
    label_zh = _label_zh()
    label_en = _label_en()
    dues = _dues()
    submit = SubmitField(_l("Save"))

    #: The dues in fen, once the form has validated.
    dues_fen: int | None = None


class NewTierForm(FlaskForm):
    code = StringField(_l("Code"), validators=_code(TIER_CODE_LENGTH),
                       description=_l("Used in addresses and the API, e.g. executive_vp. It never changes."))
    label_zh = _label_zh()
    label_en = _label_en()
    dues = _dues()
    below = SelectField(_l("Place"), choices=lambda: [
        SelectChoice("", _l("Above every other tier")),
        *(SelectChoice(entry.code, _l("Below %(tier)s", tier=entry.label)) for entry in tiers.all())])
    submit = SubmitField(_l("Add tier"))

    dues_fen: int | None = None


class MoveForm(FlaskForm):
    """The up and down buttons of a tier: each posts `direction`."""

    direction = StringField(validators=[DataRequired(), AnyOf([UP, DOWN])])


class IndustryForm(FlaskForm):
    label_zh = _label_zh()
    label_en = _label_en()
    submit = SubmitField(_l("Save"))


class NewIndustryForm(FlaskForm):
    code = StringField(_l("Code"), validators=_code(INDUSTRY_CODE_LENGTH),
                       description=_l("Used in addresses and mailings, e.g. fintech. It never changes."))
    label_zh = _label_zh()
    label_en = _label_en()
    submit = SubmitField(_l("Add industry"))


class RetireForm(FlaskForm):
    """The retire or restore button of an industry: it posts `action`."""

    RETIRE, RESTORE = "retire", "restore"
    action = StringField(validators=[DataRequired(), AnyOf([RETIRE, RESTORE])])
