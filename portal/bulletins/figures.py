"""Figures in a data report: labelled values such as 日本（25394万美元） or 同比增长 238.15 %."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

UNITS = r"万美元|亿美元|万元|亿元|美元|元|家|个|人|项|%|％"
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
#: A short label (Chinese or Latin) followed by a bracketed amount: 日本（25394万美元）
BRACKETED = re.compile(rf"([\u4e00-\u9fffA-Za-z]{{1,12}})\s*[（(]\s*({NUMBER})\s*({UNITS})\s*[）)]")
#: A label, the verb 为/达/增长/下降 or nothing, then an amount: 同比增长 238.15 %, 执行额 90601.17 万美元
INLINE = re.compile(rf"([\u4e00-\u9fff]{{2,12}}?)\s*(?:为|达到?|是)?\s*({NUMBER})\s*({UNITS})")


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str

    def as_dict(self) -> dict:
        return asdict(self)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _unit(text: str) -> str:
    return "%" if text in ("%", "％") else text


def _short_label(text: str) -> str:
    """Keep the words that name the value: 前三的是日本 -> 日本, 合同额分别 -> 合同额."""
    label = re.split(r"[是的为及与]", text)[-1]
    label = re.sub(r"(分别|合计|共计|约)$", "", label)
    return label.strip("，。、；：,.;: ")[-8:]


def extract_figures(text: str, limit: int = 40) -> list[Figure]:
    """Return the labelled values of a report, in reading order, without repeats."""
    found: list[tuple[int, Figure]] = []
    taken: list[range] = []
    for pattern in (BRACKETED, INLINE):
        for match in pattern.finditer(text or ""):
            span = range(match.start(), match.end())
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            label = _short_label(match.group(1))
            if not label:
                continue
            taken.append(span)
            found.append((match.start(), Figure(label, _number(match.group(2)), _unit(match.group(3)))))
    figures, seen = [], set()
    for _position, figure in sorted(found, key=lambda item: item[0]):
        if figure not in seen:
            seen.add(figure)
            figures.append(figure)
    return figures[:limit]


_CELL = re.compile(rf"\s*([-+−]?{NUMBER})\s*({UNITS})?\s*")
_HEADER_UNIT = re.compile(rf"[（(]\s*(?:单位\s*[：:]\s*)?({UNITS})\s*[）)]|^\s*({UNITS})\s*$")


def table_figures(rows: list[tuple[str, ...]], limit: int = 40) -> list[Figure]:
    """Read a table's figures: each row's label (its first cell) with the value of each number column.

    The unit is the cell's own (25394万美元) or its column header's (执行额（万美元）); with several
    number columns, the column's name follows the row's label (日本执行额).
    """
    header = rows[0] if rows and not any(_CELL.fullmatch(cell) for cell in rows[0][1:]) else ()
    body = rows[1:] if header else rows
    width = max((len(row) for row in body), default=0)
    columns = [i for i in range(1, width) if any(i < len(row) and _CELL.fullmatch(row[i]) for row in body)]
    figures: list[Figure] = []
    for row in body:
        label = re.sub(r"\s+", "", row[0]) if row else ""
        if not label or _CELL.fullmatch(label):
            continue
        for column in columns:
            match = _CELL.fullmatch(row[column]) if column < len(row) else None
            if match is None:
                continue
            heading = header[column] if column < len(header) else ""
            unit_match = _HEADER_UNIT.search(heading)
            unit = match[2] or (unit_match and (unit_match[1] or unit_match[2])) or ""
            name = label if len(columns) == 1 else label + re.sub(r"\s+", "", _HEADER_UNIT.sub("", heading))
            figures.append(Figure(name[:12], _number(match[1].replace("−", "-")), _unit(unit)))
    return list(dict.fromkeys(figures))[:limit]


def chart_series(figures: list[dict], min_bars: int = 2) -> tuple[str, list[dict]] | None:
    """Pick the unit most figures share (not %) and return it with those figures, for one chart."""
    by_unit: dict[str, list[dict]] = {}
    for figure in figures:
        if figure["unit"] != "%":
            by_unit.setdefault(figure["unit"], []).append(figure)
    if not by_unit:
        return None
    unit, series = max(by_unit.items(), key=lambda item: len(item[1]))
    return (unit, series[:12]) if len(series) >= min_bars else None
