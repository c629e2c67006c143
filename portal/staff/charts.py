"""Bar charts for the staff's overview, drawn as inline SVG on the server (no script, nothing fetched).

The approach of the bulletin's figures chart (portal/bulletins/chart.py), for any labelled
numbers: the SVG is an image with a name (<title>) and a description that reads out every bar
(<desc>), and the page puts the same numbers in a table beside it for whoever cannot see it.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, BAR, GAP, LABEL, VALUE = 360, 18, 8, 110, 95


@dataclass
class Bar:
    label: str
    #: What the bar's length is drawn from.
    value: int
    #: The value as people read it (a count, ¥1,234.00), at the bar's end and in the description.
    shown: str


def description(bars: list[Bar]) -> str:
    """Return every bar as words: "会长单位：3；副会长单位：5"."""
    return _("; ").join(_("%(label)s: %(value)s", label=bar.label, value=bar.shown) for bar in bars)


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Markup:
    """Return a horizontal bar chart, one bar per item (a zero draws none but keeps its row)."""
    largest = max((bar.value for bar in bars), default=0) or 1
    height = len(bars) * (BAR + GAP) + GAP
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR + GAP)
        length = round((WIDTH - LABEL - VALUE) * bar.value / largest)
        length = max(1, length) if bar.value > 0 else 0
        rows.append(
            f'<g class="chart-bar" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" font-size="12" fill="#212529">'
            f'{escape(bar.label)}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="#0b4f8a" rx="2"/>'
            f'<text x="{LABEL + length + 4}" y="{y + BAR - 5}" font-size="11" fill="#333">{escape(bar.shown)}</text>'
            f'</g>')
    # The name and the description come from the <title> and <desc>; the drawing itself is not read.
    return Markup(
        f'<svg class="figure-chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description(bars))}</desc>'
        f'<g aria-hidden="true">{"".join(rows)}</g></svg>')
