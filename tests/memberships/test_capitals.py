"""Receipts write amounts in Chinese capitals (大写) as the bank's rules say, for every amount."""
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from portal.memberships.capitals import MAX_FEN, capitals
from portal.memberships.money import AmountError, format_yuan, parse_yuan

DIGITS = "零壹贰叁肆伍陆柒捌玖"
#: Every place from 仟亿 down to 分, for the reference below.
PLACES = "仟佰拾亿仟佰拾万仟佰拾元角分"


def by_rewriting(fen: int) -> str:
    """A reference built the other way: every digit with its place, then the zeros rewritten away."""
    if fen == 0:
        return "零元整"
    digits = str(fen)
    text = "".join(DIGITS[int(d)] + place for d, place in zip(digits, PLACES[-len(digits):]))
    text = re.sub("零[仟佰拾角]", "零", text)
    text = re.sub("零+", "零", text)
    text = re.sub("零([万亿元])", r"\1", text)
    text = re.sub("亿万", "亿零", text)  # a whole group of zeros under 亿 is a gap too
    text = re.sub("零+", "零", text)
    text = re.sub("零元", "元", text)
    text = re.sub("零分$|零$", "", text)
    text = re.sub("^元", "", text)
    return text + "整" if text.endswith(("元", "角")) else text


def read_back(text: str) -> int:
    """Read capitals back into fen, as a person reads a cheque."""
    body = text.removesuffix("整")
    whole, fraction = body.split("元") if "元" in body else ("", body)
    total = section = number = 0
    for character in whole:
        if character in DIGITS:
            number = DIGITS.index(character)
        elif character in "拾佰仟":
            section += number * 10 ** ("拾佰仟".index(character) + 1)
            number = 0
        elif character == "万":
            section, number = (section + number) * 10_000, 0
        elif character == "亿":
            total, section, number = (total + section + number) * 100_000_000, 0, 0
        else:
            raise AssertionError(f"{character!r} in {text}")
    cents = re.fullmatch(r"零?(?:([壹贰叁肆伍陆柒捌玖])角)?(?:([壹贰叁肆伍陆柒捌玖])分)?", fraction)
    assert cents, text
    jiao, fen = (DIGITS.index(found) if found else 0 for found in cents.groups())
    return (total + section + number) * 100 + jiao * 10 + fen


@pytest.mark.parametrize(("fen", "expected"), [
    (0, "零元整"),
    (1000, "壹拾元整"),
    (10_000_507, "壹拾万零伍元零柒分"),
    (100_000_000, "壹佰万元整"),
    (123_450, "壹仟贰佰叁拾肆元伍角整"),
    (168_032, "壹仟陆佰捌拾元叁角贰分"),  # the rules allow 元零叁角 too; 元零 is a must before 分 alone
    (50, "伍角整"),
    (7, "柒分"),
    (200_000, "贰仟元整"),
    (100_500, "壹仟零伍元整"),
    (10_000_000_500, "壹亿零伍元整"),
    (10_100_000, "壹拾万壹仟元整"),
])
def test_known_amounts_are_written_as_accountants_write_them(fen, expected):
    assert capitals(fen) == expected


amounts = st.one_of(st.integers(0, MAX_FEN), st.integers(0, 10_000_000),
                    # Numbers full of zeros, where the rules about 零 matter.
                    st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=14)
                    .map(lambda digits: int("".join(digits))))


@given(amounts)
@example(0)
@example(MAX_FEN)
def test_capitals_agree_with_a_reference_built_differently(fen):
    assert capitals(fen) == by_rewriting(fen)


@given(amounts)
def test_capitals_read_back_as_the_same_amount(fen):
    text = capitals(fen)
    assert read_back(text) == fen
    assert "零零" not in text and not text.endswith("零")
    assert text.endswith("整") == (fen % 10 == 0)


@pytest.mark.parametrize("fen", [-1, MAX_FEN + 1])
def test_amounts_out_of_range_have_no_capitals(fen):
    with pytest.raises(ValueError):
        capitals(fen)


@pytest.mark.parametrize(("typed", "fen"), [
    ("2000", 200_000), ("1234.5", 123_450), ("1234.50", 123_450), ("¥1,234.50", 123_450), (" 0 ", 0),
    ("0.07", 7), ("￥100005.07", 10_000_507), ("２０００．５", 200_050),
])
def test_yuan_as_typed_become_whole_fen(typed, fen):
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize("typed", ["", "-5", "-0.01", "1.234", "abc", "1e3", "NaN", "12,34", "1.", ".5",
                                   "100000000000", "10000000.01", "1 000", "٣"])
def test_anything_else_is_refused(typed):
    with pytest.raises(AmountError):
        parse_yuan(typed)


@given(st.integers(0, 10 ** 12))
def test_amounts_shown_in_figures_read_back_as_the_same_fen(fen):
    shown = format_yuan(fen)
    assert re.fullmatch(r"¥\d{1,3}(,\d{3})*\.\d\d", shown)
    if fen <= 10_000_000 * 100:
        assert parse_yuan(shown) == fen


def test_figures_have_thousands_and_two_decimals():
    assert format_yuan(123_450) == "¥1,234.50" and format_yuan(0) == "¥0.00"
