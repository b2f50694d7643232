"""Bar charts as inline SVG geometry: the numbers come from the services, the shapes from
here, the drawing from the template (no chart library, nothing loaded at run time)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 460
BAR = 22
GAP = 8
CHAR = 7
"""Roughly the width of one character at the chart's 11 px font, to fit labels and values."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value, shown text and geometry."""

    label: str
    value: float
    text: str
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart."""

    bars: tuple[Bar, ...]
    height: int
    label_width: int
    width: int = WIDTH


def bar_chart(items: list[tuple[str, float, str]]) -> Chart:
    """A chart of (label, value, shown text), bars scaled to the largest value."""
    top = max((v for _, v, _ in items), default=0.0) or 1.0
    label = min(200, CHAR * max((len(name) for name, _, _ in items), default=0) + 10)
    room = WIDTH - label - CHAR * max((len(text) for _, _, text in items), default=0) - 10
    bars = tuple(
        Bar(name, value, text, i * (BAR + GAP), max(1, round(room * value / top)))
        for i, (name, value, text) in enumerate(items)
    )
    return Chart(bars, max(BAR, len(bars) * (BAR + GAP)), label)
