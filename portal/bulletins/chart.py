"""A small bar chart of a data report's figures, drawn as inline SVG on the server (no script)."""
from __future__ import annotations

from markupsafe import Markup, escape

from portal.bulletins.figures import chart_series

WIDTH, BAR, GAP, LABEL = 360, 18, 8, 110


def bar_chart(figures: list[dict]) -> Markup | None:
    """Return an SVG bar chart of the figures sharing the commonest unit, or None if too few."""
    picked = chart_series(figures)
    if picked is None:
        return None
    unit, series = picked
    largest = max(figure["value"] for figure in series) or 1
    height = len(series) * (BAR + GAP) + GAP + 16
    bars = []
    for index, figure in enumerate(series):
        y = GAP + index * (BAR + GAP)
        length = max(1, round((WIDTH - LABEL - 90) * figure["value"] / largest))
        value = f"{figure['value']:,.2f}".rstrip("0").rstrip(".")
        bars.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" font-size="12">{escape(figure["label"])}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="#0b4f8a" rx="2"/>'
            f'<text x="{LABEL + length + 4}" y="{y + BAR - 5}" font-size="11" fill="#333">{escape(value)}</text>')
    caption = escape(unit)
    return Markup(
        f'<svg class="figure-chart" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{caption}</title>{"".join(bars)}'
        f'<text x="{WIDTH - 4}" y="{height - 4}" text-anchor="end" font-size="11" fill="#666">{caption}</text></svg>')


def charts_for(bulletin) -> dict[int, Markup]:
    """The charts of an issue's articles that have figures enough, by article id."""
    charts = {article.id: bar_chart(article.figures) for article in bulletin.articles if article.figures}
    return {article_id: chart for article_id, chart in charts.items() if chart is not None}
