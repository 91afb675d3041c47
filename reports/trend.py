"""A line chart as inline SVG: no script, no external file, every text escaped.

`trend_svg(points, title=…, y_label=…)` draws one series of (label, value) points, a value of
None leaving a gap: the weekly report's 合格率 and mean score of the last 12 weeks, or one
agency's score history on the dashboard. Browsers and WeasyPrint (the PDF) draw it alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
LINE, GRID, INK, MUTED = "#b22222", "#dddddd", "#222222", "#777777"
TICKS = 5


@dataclass(frozen=True)
class Frame:
    """The plot area inside the picture, and the values it spans."""

    width: int
    height: int
    left: int = 56
    right: int = 20
    top: int = 34
    bottom: int = 40
    low: float = 0.0
    high: float = 100.0

    def x(self, index: int, count: int) -> float:
        span = self.width - self.left - self.right
        return self.left + (span * index / (count - 1) if count > 1 else span / 2)

    def y(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1)
        return self.top + (self.height - self.top - self.bottom) * (1 - share)


def trend_svg(points: Sequence[tuple[date | str, float | None]], *, title: str, y_label: str,
              unit: str = "", low: float = 0, high: float | None = 100, width: int = 640,
              height: int = 240) -> Markup:  # fmt: skip
    """An SVG of the points, left to right; `high=None` fits the largest value."""
    values = [value for _, value in points if value is not None]
    top = high if high is not None else nice_ceiling(max(values, default=low + 1))
    frame = Frame(width, height, low=low, high=top)
    body = [axes(frame, y_label, unit), x_labels(frame, points)]
    if values:
        body += [lines(frame, points), markers(frame, points, unit)]
    else:
        body.append(text(width / 2, height / 2, "暂无数据", fill=MUTED, anchor="middle"))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>"
        f"{text(frame.left, 18, title, size=14, weight='bold')}{''.join(body)}</svg>"
    )


def nice_ceiling(value: float) -> float:
    """The next round number at or above `value` (for a scale that fits the data)."""
    step = 10 ** max(len(str(int(abs(value)))) - 1, 0)
    return float(-(-value // step) * step) or 1.0


def axes(frame: Frame, y_label: str, unit: str) -> str:
    parts = []
    for tick in range(TICKS):
        value = frame.low + (frame.high - frame.low) * tick / (TICKS - 1)
        y = frame.y(value)
        parts.append(f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.width - frame.right}" '
                     f'y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')  # fmt: skip
        parts.append(text(frame.left - 6, y + 4, f"{value:g}{unit}", fill=MUTED, anchor="end"))
    middle = (frame.top + frame.height - frame.bottom) / 2
    parts.append(f'<text x="14" y="{middle:.1f}" fill="{MUTED}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {middle:.1f})">{escape(y_label)}</text>')  # fmt: skip
    return "".join(parts)


def x_labels(frame: Frame, points: Sequence[tuple[date | str, float | None]]) -> str:
    y = frame.height - frame.bottom + 18
    return "".join(
        text(frame.x(index, len(points)), y, point_label(label), fill=MUTED, anchor="middle")
        for index, (label, _) in enumerate(points)
    )


def point_label(label: date | str) -> str:
    return label.strftime("%m-%d") if isinstance(label, date) else str(label)


def lines(frame: Frame, points: Sequence[tuple[date | str, float | None]]) -> str:
    """One polyline per run of values; a None breaks the line."""
    runs: list[list[str]] = [[]]
    for index, (_, value) in enumerate(points):
        if value is None:
            runs.append([])
            continue
        runs[-1].append(f"{frame.x(index, len(points)):.1f},{frame.y(value):.1f}")
    return "".join(
        f'<polyline class="series" fill="none" stroke="{LINE}" stroke-width="2" '
        f'points="{" ".join(run)}"/>'
        for run in runs
        if run
    )


def markers(frame: Frame, points: Sequence[tuple[date | str, float | None]], unit: str) -> str:
    """A dot and its value over every point (a printed chart has no tooltips)."""
    parts = []
    for index, (label, value) in enumerate(points):
        if value is None:
            continue
        x, y = frame.x(index, len(points)), frame.y(value)
        shown = f"{value:g}{unit}"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE}" '
                     f'data-value="{value:g}"><title>{escape(point_label(label))}：'
                     f"{escape(shown)}</title></circle>")  # fmt: skip
        parts.append(text(x, y - 8, shown, size=10, anchor="middle"))
    return "".join(parts)


def text(x: float, y: float, content: str, *, size: int = 12, fill: str = INK,
         anchor: str = "start", weight: str = "normal") -> str:  # fmt: skip
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(content)}</text>')  # fmt: skip
