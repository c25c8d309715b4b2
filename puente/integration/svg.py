"""A small inline sparkline of one person's scores over time (pure SVG, no script)."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 120, 32, 4


def sparkline(values: list[float | None], *, low: float, high: float, label: str) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)

    coords = [xy(i, v) for i, v in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>' for x, y in coords)
    return (
        f'<svg class="sparkline" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="1.5"/>{dots}</svg>'
    )
