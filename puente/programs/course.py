"""Where an enrolment stands today: its phase, how often to meet, when the next contact is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from puente.programs import definitions
from puente.programs.phases import ENGAGEMENT, PhaseSpan, phase_on


@dataclass(frozen=True)
class Course:
    phase_key: str  # engagement, a phase key, or the enrolment's end status
    phase_name: str
    phase_number: int  # 0 before the first phase
    frequency_days: int | None
    last_contact: dt.date | None
    days_since_contact: int | None
    due_on: dt.date | None
    overdue_days: int  # > 0 when the next contact is late
    spans: tuple[PhaseSpan, ...]
    past_end: bool  # the last phase is over but the closing is not recorded

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def phase_name(definition: dict[str, Any], key: str, language: str) -> str:
    if key == ENGAGEMENT:
        return definitions.localise((definition.get("engagement") or {}).get("name"), language)
    phase = definitions.phase_by_key(definition, key)
    return definitions.localise(phase["name"], language) if phase else key


def course_of(
    *,
    definition: dict[str, Any],
    status: str,
    enrolled_on: dt.date,
    spans: list[PhaseSpan],
    last_contact: dt.date | None,
    today: dt.date,
    language: str,
    receives_intervention: bool = True,
) -> Course:
    key = phase_on(today, spans)
    number = next((s.order for s in spans if s.key == key), 0)
    if key == ENGAGEMENT:
        frequency = (definition.get("engagement") or {}).get("contact_every_days")
    else:
        frequency = (definitions.phase_by_key(definition, key) or {}).get("contact_every_days")
    if status != "active" or not receives_intervention:
        frequency = None
    reference = last_contact or (spans[0].starts_on if spans else enrolled_on)
    reference = min(reference, today)
    due_on = reference + dt.timedelta(days=frequency) if frequency else None
    overdue = (today - due_on).days if due_on and today > due_on else 0
    return Course(
        phase_key=key,
        phase_name=phase_name(definition, key, language),
        phase_number=number,
        frequency_days=frequency,
        last_contact=last_contact,
        days_since_contact=(today - last_contact).days if last_contact else None,
        due_on=due_on,
        overdue_days=overdue,
        spans=tuple(spans),
        past_end=bool(spans) and today > spans[-1].ends_on and status == "active",
    )
