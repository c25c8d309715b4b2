"""Phase dates from a start date, and which phase a day falls in. Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

ENGAGEMENT = "engagement"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PhaseSpan:
    key: str
    order: int
    starts_on: dt.date
    ends_on: dt.date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def planned_spans(start: dt.date, phase_defs: list[dict]) -> list[PhaseSpan]:
    """Consecutive phases: each starts the day after the previous one ends."""
    spans, cursor, months = [], start, 0
    for order, phase in enumerate(phase_defs, start=1):
        months += phase["months"]
        end = add_months(start, months) - dt.timedelta(days=1)
        spans.append(PhaseSpan(phase["key"], order, cursor, end))
        cursor = end + dt.timedelta(days=1)
    return spans


def phase_on(day: dt.date, spans: list[PhaseSpan]) -> str:
    """The key of the phase a day belongs to: before the first phase it is pre-programme engagement;
    after the last it still counts as the last phase (the closing is not yet recorded)."""
    if not spans or day < spans[0].starts_on:
        return ENGAGEMENT
    for span in spans:
        if span.contains(day):
            return span.key
    return spans[-1].key


def check_spans(spans: list[PhaseSpan]) -> str | None:
    """A reason the spans are unusable, or None."""
    for span in spans:
        if span.ends_on < span.starts_on:
            return "end_before_start"
    for earlier, later in pairwise(spans):
        if later.starts_on <= earlier.ends_on:
            return "overlap"
    return None
