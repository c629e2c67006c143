"""Amounts in Chinese capitals (大写金额), as receipts and cheques write them.

The rules are those of the People's Bank's 支付结算办法 (附件一, 正确填写票据和结算凭证的基本规定):
digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within each group of four and 万 亿 between groups;
a zero (or a run of zeros) between non-zero digits is written once as 零; 元 is followed by 零
when the jiao are zero but the fen are not (壹拾万零伍元零柒分); an amount without fen ends in 整
(壹仟贰佰叁拾肆元伍角整). 壹拾 keeps its 壹, as accountants write it so that nobody adds a digit.
"""
from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
#: Within a group of four digits, from the thousands down.
PLACES = ("仟", "佰", "拾", "")
#: Each group of four digits, from the lowest up: yuan, 万, 亿.
GROUPS = ("", "万", "亿")
#: The largest amount written (just under a trillion yuan); receipts never come close.
MAX_FEN = 10 ** (4 * len(GROUPS)) * 100 - 1


def capitals(fen: int) -> str:
    """Return an amount in fen in Chinese capitals: 123450 -> 壹仟贰佰叁拾肆元伍角整."""
    if not 0 <= fen <= MAX_FEN:
        raise ValueError(f"no capitals for {fen} fen")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    whole = _yuan(yuan)
    if cents == 0:
        return f"{whole or '零'}元整"
    if fen_digit == 0:
        return f"{whole}元{DIGITS[jiao]}角整" if whole else f"{DIGITS[jiao]}角整"
    if jiao == 0:
        return f"{whole}元零{DIGITS[fen_digit]}分" if whole else f"{DIGITS[fen_digit]}分"
    tail = f"{DIGITS[jiao]}角{DIGITS[fen_digit]}分"
    return f"{whole}元{tail}" if whole else tail


def _yuan(yuan: int) -> str:
    """Return whole yuan in capitals, without 元; "" for none."""
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10_000)
        groups.append(group)
    text, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)  # a whole group of zeros: one 零 if anything follows
            continue
        # Fewer than four digits after a higher group leaves a gap: 壹万零伍 (10005).
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        zero_pending = False
    return text


def _group(group: int) -> str:
    """Return 1-9999 in capitals with their places: 1005 -> 壹仟零伍."""
    digits = f"{group:04d}".lstrip("0")
    places = PLACES[4 - len(digits):]
    text, zero_pending = "", False
    for digit, place in zip(digits, places):
        if digit == "0":
            zero_pending = True
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += DIGITS[int(digit)] + place
    return text
