"""Word's automatic numbering: the label (一、 1、 ●) a numbered or bulleted paragraph shows but does not hold."""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
            "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting", "ideographLegalTraditional")
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _val(element, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.lstrip("-").isdigit() else default


def chinese_numeral(number: int) -> str:
    """Write 1…99 as 一…九十九 (larger numbers in digits)."""
    digits = "零一二三四五六七八九"
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def _format(number: int, fmt: str) -> str:
    if fmt in _CHINESE:
        return chinese_numeral(number)
    if fmt == "ideographTraditional" and 0 < number <= len(_STEMS):
        return _STEMS[number - 1]
    if fmt.startswith("decimalEnclosedCircle") and 0 < number <= 20:
        return chr(0x2460 + number - 1)
    if fmt in ("lowerLetter", "upperLetter") and 0 < number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(number)


class Numbering:
    """Count a document's numbered paragraphs in reading order, as Word does when it shows them."""

    def __init__(self, element) -> None:
        #: (numId, level) -> (format, label text such as "%1、", start, what follows: "tab", "space" or "nothing")
        self.levels: dict[tuple[str, int], tuple[str, str, int, str]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        if element is None:
            return
        abstract = {a.get(W + "abstractNumId"): a for a in element.iter(W + "abstractNum")}
        for num in element.iter(W + "num"):
            definition = abstract.get(_val(num, "abstractNumId"))
            if definition is None:
                continue
            starts = {_int(o.get(W + "ilvl"), 0): _int(_val(o, "startOverride"), 1)
                      for o in num.iter(W + "lvlOverride") if _val(o, "startOverride")}
            for lvl in definition.iter(W + "lvl"):
                level = _int(lvl.get(W + "ilvl"), 0)
                start = starts.get(level, _int(_val(lvl, "start"), 1))
                self.levels[(num.get(W + "numId"), level)] = (_val(lvl, "numFmt") or "decimal",
                                                              _val(lvl, "lvlText") or "", start,
                                                              _val(lvl, "suff") or "tab")

    def label(self, num_id: str, level: int) -> str:
        """Return the next label of a list (● for any bullet), counting this paragraph.

        The tab or space Word sets after a label is kept as a space: "1. 3月15日" is an item, "1.3" a number.
        """
        found = self.levels.get((num_id, level))
        if found is None or found[0] == "none":
            return ""
        fmt, text, start, suffix = found
        if fmt == "bullet":
            return "● "
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [d for d in counts if d > level]:
            del counts[deeper]

        def number(match: re.Match[str]) -> str:
            shown = int(match[1]) - 1
            shown_fmt, _text, shown_start, _suffix = self.levels.get((num_id, shown), ("decimal", "", 1, ""))
            return _format(counts.get(shown, shown_start), shown_fmt)

        return re.sub(r"%([1-9])", number, text) + ("" if suffix == "nothing" else " ")
