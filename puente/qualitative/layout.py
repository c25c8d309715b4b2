"""Lay a document out for the coding workspace (pure Python).

The text becomes lines (split at line breaks, which are not rendered as text so that the browser's
own newline handling cannot shift offsets), lines become units (sentences, what the keyboard moves
by), and units become segments cut at every coding boundary. Every piece carries its start offset in
Unicode code points, which the browser adds to its own (converted) offset inside the piece.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”)\]]*\s+")


@dataclass
class Segment:
    start: int
    end: int
    text: str
    codes: tuple[int, ...] = ()


@dataclass
class Unit:
    start: int
    end: int
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Line:
    start: int
    end: int
    units: list[Unit] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return spans


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.end() < end:
            cuts.append(match.end())
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def layout(text: str, codings: Iterable[tuple[int, int, int]] = ()) -> list[Line]:
    """codings: (start, end, code id). Returns the lines of the document, ready to render."""
    codings = [c for c in codings if c[1] > c[0]]
    bounds = sorted({p for s, e, _c in codings for p in (s, e)})
    lines = []
    for line_start, line_end in _lines(text):
        line = Line(line_start, line_end)
        for unit_start, unit_end in _units(text, line_start, line_end):
            unit = Unit(unit_start, unit_end)
            cuts = [unit_start, *(b for b in bounds if unit_start < b < unit_end), unit_end]
            for a, b in itertools.pairwise(cuts):
                covering = tuple(sorted({c for s, e, c in codings if s <= a and e >= b}))
                unit.segments.append(Segment(a, b, text[a:b], covering))
            line.units.append(unit)
        lines.append(line)
    return lines
