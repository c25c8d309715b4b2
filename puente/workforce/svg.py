"""Server-side SVG drawings as pure functions (no Django), so pages and PDF reports share them.

- :func:`flow_svg`: a CONSORT-style participant flow (steps down the left, people leaving to the right).
- :func:`trend_svg`: a small line chart of values from 0 to 100 over time.
All text arrives already translated; every piece of it is escaped here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
STEP_WIDTH, STEP_HEIGHT, SIDE_X, SIDE_WIDTH, WIDTH = 250, 52, 300, 270, 580
LINE = 17
WRAP = 38


@dataclass(frozen=True)
class FlowExit:
    reason: str
    count: int


@dataclass(frozen=True)
class FlowStep:
    label: str
    count: int
    exit_title: str = ""  # heading of the box of those who left after this step
    exits: tuple[FlowExit, ...] = field(default_factory=tuple)

    @property
    def left(self) -> int:
        return sum(item.count for item in self.exits)


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", weight: str = "normal", size: int = 13
) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" {FONT}>'
        f"{escape(content)}</text>"
    )


def _side_lines(step: FlowStep) -> list[tuple[str, str]]:
    """(weight, text) lines of a side box: its title, then each reason with its count."""
    lines = [("bold", f"{step.exit_title} (n = {step.left})")]
    for item in step.exits:
        wrapped = textwrap.wrap(f"{item.reason}: {item.count}", WRAP) or [""]
        lines.extend(("normal", ("• " if index == 0 else "  ") + part) for index, part in enumerate(wrapped))
    return lines


def flow_svg(steps: Sequence[FlowStep], *, title: str, ident: str = "flow") -> str:
    """`ident` prefixes the ids inside, so that two diagrams can share one page."""
    parts: list[str] = []
    y = 10
    centre = 10 + STEP_WIDTH / 2
    for index, step in enumerate(steps):
        parts.append(
            f'<rect x="10" y="{y}" width="{STEP_WIDTH}" height="{STEP_HEIGHT}" rx="6" '
            'fill="#ffffff" stroke="#0b6e69" stroke-width="2"/>'
        )
        parts.append(_text(centre, y + 21, step.label, anchor="middle", weight="bold"))
        parts.append(_text(centre, y + 40, f"n = {step.count}", anchor="middle"))
        bottom = y + STEP_HEIGHT
        gap = 36
        if step.exits:
            lines = _side_lines(step)
            height = 12 + LINE * len(lines)
            gap = max(gap, height + 24)
            side_y = bottom + (gap - height) / 2
            parts.append(
                f'<rect x="{SIDE_X}" y="{side_y:g}" width="{SIDE_WIDTH}" height="{height}" rx="4" '
                'fill="#fff3df" stroke="#8a4b00"/>'
            )
            for line_no, (weight, content) in enumerate(lines):
                parts.append(_text(SIDE_X + 8, side_y + 18 + LINE * line_no, content, weight=weight, size=12))
            middle = bottom + gap / 2
            parts.append(
                f'<line x1="{centre:g}" y1="{middle:g}" x2="{SIDE_X - 4}" y2="{middle:g}" '
                f'stroke="#8a4b00" stroke-width="1.5" marker-end="url(#{ident}-arrow)"/>'
            )
        if index < len(steps) - 1:
            parts.append(
                f'<line x1="{centre:g}" y1="{bottom}" x2="{centre:g}" y2="{bottom + gap - 3:g}" '
                f'stroke="#0b6e69" stroke-width="2" marker-end="url(#{ident}-arrow)"/>'
            )
        y = bottom + gap
    height = y
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" '
        f'height="{height:g}" role="img" aria-labelledby="{ident}-title" class="flow-diagram">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<defs><marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1d2633"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )


def trend_svg(
    points: Sequence[tuple[str, Decimal | float]],
    *,
    title: str,
    threshold: Decimal | float | None = None,
    axis_label: str = "",
) -> str:
    """Values from 0 to 100, oldest first; each point carries its own (formatted) date label."""
    width, height, left, top, plot_w, plot_h = 600, 220, 44, 14, 540, 170
    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#d6dbe1"/>'
    ]
    for tick in (0, 25, 50, 75, 100):
        ty = top + plot_h - plot_h * tick / 100
        parts.append(f'<line x1="{left}" y1="{ty:g}" x2="{left + plot_w}" y2="{ty:g}" stroke="#eef0f3"/>')
        parts.append(_text(left - 6, ty + 4, str(tick), anchor="end", size=11))
    if threshold is not None:
        ty = top + plot_h - plot_h * float(threshold) / 100
        parts.append(
            f'<line x1="{left}" y1="{ty:g}" x2="{left + plot_w}" y2="{ty:g}" stroke="#a3161a" '
            'stroke-dasharray="6 4"/>'
        )
    if axis_label:
        parts.append(_text(left, height - 14, axis_label, size=11))
    coordinates = []
    count = len(points)
    for index, (label, value) in enumerate(points):
        x = left + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))
        y = top + plot_h - plot_h * float(value) / 100
        coordinates.append((x, y, label, value))
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _label, _value in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0b6e69" stroke-width="2.5"/>')
    for x, y, label, value in coordinates:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0b6e69"><title>{escape(label)}: '
            f"{escape(str(value))}</title></circle>"
        )
    if coordinates:
        parts.append(_text(left, top + plot_h + 16, coordinates[0][2], size=11))
        parts.append(_text(left + plot_w, top + plot_h + 16, coordinates[-1][2], anchor="end", size=11))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title" class="trend-chart"><title id="trend-title">{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
