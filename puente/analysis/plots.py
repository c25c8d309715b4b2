"""Server-drawn SVG charts (pure functions, no Django, no JavaScript).

Colours are the Okabe-Ito palette (safe for colour-blind readers) and each series also has its own marker
shape, so the charts read in black and white print too. Text is escaped; numbers are formatted by the
``fmt`` the caller passes (the user's locale).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from html import escape

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("circle", "square", "triangle", "diamond")
Number = Callable[[float], str]


def _default_fmt(value: float) -> str:
    return f"{value:g}"


@dataclasses.dataclass
class PlotSeries:
    label: str
    means: Sequence[float | None]
    lows: Sequence[float | None]
    highs: Sequence[float | None]
    trajectories: Sequence[Sequence[float | None]] = ()


@dataclasses.dataclass
class FlowColumn:
    label: str
    boxes: Sequence[Sequence[str]]  # each box: its lines of text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    if shape == "square":
        size = 2 * r
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" fill="{colour}"/>'
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = (
            f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"/>'


def _path(points: list[tuple[float, float] | None]) -> str:
    """A polyline that breaks where a value is missing."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{point[0]:.1f},{point[1]:.1f}")
        pen_down = True
    return " ".join(parts)


def outcome_plot(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[PlotSeries],
    *,
    y_label: str = "",
    y_range: tuple[float, float] | None = None,
    fmt: Number = _default_fmt,
    width: int = 520,
    height: int = 300,
) -> str:
    """Means with 95 % CI error bars per time point and group, over faint individual trajectories."""
    left, right, top, bottom = 56, 16, 34 + 16 * ((len(series) + 1) // 2), 40
    values = [v for s in series for v in [*s.lows, *s.highs, *s.means] if v is not None and math.isfinite(v)]
    values += [v for s in series for t in s.trajectories for v in t if v is not None and math.isfinite(v)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if y_range is not None:
        low, high = min(low, y_range[0]), max(high, y_range[1])
    ticks = nice_ticks(low, high)
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(x_labels), 1)

    def sx(i: int, shift: float = 0.0) -> float:
        return left + plot_w * (i + 0.5) / n + shift

    def sy(v: float) -> float:
        return top + plot_h * (1 - (v - y0) / ((y1 - y0) or 1))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    for tick in ticks:
        y = sy(tick)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#444">'
            f"{escape(fmt(tick))}</text>"
        )
    for i, label in enumerate(x_labels):
        out.append(
            f'<text x="{sx(i):.1f}" y="{height - bottom + 18}" font-size="11" text-anchor="middle" '
            f'fill="#444">{escape(label)}</text>'
        )
    if y_label:
        out.append(
            f'<text x="12" y="{top + plot_h / 2:.1f}" font-size="11" fill="#444" text-anchor="middle" '
            f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(y_label)}</text>'
        )
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#888"/>')
    spread = 10.0 if len(series) > 1 else 0.0
    for k, s in enumerate(series):
        colour, shape = PALETTE[k % len(PALETTE)], MARKERS[k % len(MARKERS)]
        shift = (k - (len(series) - 1) / 2) * spread
        for trajectory in s.trajectories:
            points = [
                None if v is None or not math.isfinite(v) else (sx(i, shift), sy(v))
                for i, v in enumerate(trajectory)
            ]
            path = _path(points)
            if path:
                out.append(
                    f'<path d="{path}" fill="none" stroke="{colour}" stroke-opacity="0.18" stroke-width="1"/>'
                )
        mean_points = [None if v is None else (sx(i, shift), sy(v)) for i, v in enumerate(s.means)]
        out.append(f'<path d="{_path(mean_points)}" fill="none" stroke="{colour}" stroke-width="2.2"/>')
        for i, (mean, lo, hi) in enumerate(zip(s.means, s.lows, s.highs, strict=False)):
            if mean is None:
                continue
            x = sx(i, shift)
            if lo is not None and hi is not None:
                out.append(
                    f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{sy(lo):.1f}" y2="{sy(hi):.1f}" stroke="{colour}" '
                    f'stroke-width="1.6"/>'
                )
                for end in (lo, hi):
                    out.append(
                        f'<line x1="{x - 4:.1f}" x2="{x + 4:.1f}" y1="{sy(end):.1f}" y2="{sy(end):.1f}" '
                        f'stroke="{colour}" stroke-width="1.6"/>'
                    )
            out.append(_marker(shape, x, sy(mean), colour))
        lx, ly = left + (k % 2) * (plot_w / 2), 30 + 16 * (k // 2)
        out.append(_marker(shape, lx + 5, ly - 4, colour))
        out.append(
            f'<text x="{lx + 14:.1f}" y="{ly:.1f}" font-size="11" fill="#222">{escape(s.label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def flow_diagram(title: str, columns: Sequence[FlowColumn], *, width: int = 520) -> str:
    """A participant-flow diagram: one column per group, boxes top to bottom joined by arrows."""
    box_h, gap, top = 0, 18, 30
    line_h = 14
    rows = max((len(c.boxes) for c in columns), default=0)
    box_h = line_h * max((len(b) for c in columns for b in c.boxes), default=1) + 10
    height = top + 20 + rows * (box_h + gap)
    n = max(len(columns), 1)
    col_w = (width - 10) / n
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plot flow" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for c, column in enumerate(columns):
        x = 5 + c * col_w
        out.append(
            f'<text x="{x + col_w / 2:.1f}" y="{top - 10}" font-size="12" font-weight="bold" '
            f'text-anchor="middle" fill="#222">{escape(column.label)}</text>'
        )
        for b, lines in enumerate(column.boxes):
            y = top + b * (box_h + gap)
            out.append(
                f'<rect x="{x + 4:.1f}" y="{y}" width="{col_w - 8:.1f}" height="{box_h}" rx="4" '
                'fill="#f4f7fb" stroke="#5a7184"/>'
            )
            for i, line in enumerate(lines):
                weight = ' font-weight="bold"' if i == 0 else ""
                out.append(
                    f'<text x="{x + col_w / 2:.1f}" y="{y + 16 + i * line_h}" font-size="11"{weight} '
                    f'text-anchor="middle" fill="#222">{escape(line)}</text>'
                )
            if b:
                ax = x + col_w / 2
                out.append(
                    f'<line x1="{ax:.1f}" x2="{ax:.1f}" y1="{y - gap + 1}" y2="{y - 2}" stroke="#555" '
                    'marker-end="url(#arrow)"/>'
                )
    out.append("</svg>")
    return "".join(out)
