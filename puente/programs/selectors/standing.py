"""Where every active enrolment of some sites stands today, read in one lean pass.

The caseload review counts over every active enrolment of the coordinator's sites (per phase, overdue,
waiting, past the end) but shows only a page of them. Building model objects, phase lists and a full
``Course`` for hundreds of enrolments per site was most of the page's time. Here one query reads only
the columns the course rules need (the first, last and current phase as correlated subqueries on the
enrolment's phases, and the latest contact) as plain tuples, and :func:`standing_of` applies the same
rules as :func:`puente.programs.course.course_of` to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from puente.programs import definitions
from puente.programs.course import phase_name
from puente.programs.models import Contact, Enrolment, Phase, Programme
from puente.programs.phases import ENGAGEMENT


@dataclass(frozen=True, slots=True)
class Standing:
    enrolment_id: int
    programme_id: int
    team_id: int | None
    study_code: str
    family_support: str
    enrolled_on: dt.date
    last_contact: dt.date | None
    receives: bool  # the enrolment's trial arm delivers the intervention (or it is not a trial)
    phase_key: str
    due_on: dt.date | None
    overdue_days: int
    past_end: bool

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def sort_key(self) -> tuple:
        # The same order as the worker's caseload: most overdue, then next due, then the rest.
        if self.due_on is None:
            return (2, 0, self.study_code)
        if self.overdue:
            return (0, -self.overdue_days, self.study_code)
        return (1, self.due_on.toordinal(), self.study_code)


class ProgrammeRules:
    """A programme's contact frequencies, arms and phase names, looked up once per key."""

    def __init__(self, programme: Programme, language: str) -> None:
        self.programme = programme
        self.definition: dict[str, Any] = programme.definition
        self.language = language
        self._frequencies: dict[str, Any] = {}
        self._receives: dict[str, bool] = {}
        self._names: dict[str, str] = {}

    def frequency(self, key: str) -> Any:
        if key not in self._frequencies:
            if key == ENGAGEMENT:
                found = (self.definition.get("engagement") or {}).get("contact_every_days")
            else:
                found = (definitions.phase_by_key(self.definition, key) or {}).get("contact_every_days")
            self._frequencies[key] = found
        return self._frequencies[key]

    def receives(self, arm: str) -> bool:
        if arm not in self._receives:
            self._receives[arm] = definitions.arm_delivers_intervention(self.definition, arm)
        return self._receives[arm]

    def name(self, key: str) -> str:
        if key not in self._names:
            self._names[key] = phase_name(self.definition, key, self.language)
        return self._names[key]


def standing_of(
    *,
    rules: ProgrammeRules,
    arm: str,
    enrolled_on: dt.date,
    first_start: dt.date | None,
    last_end: dt.date | None,
    current_key: str | None,
    last_key: str | None,
    last_contact: dt.date | None,
    today: dt.date,
) -> tuple[bool, str, dt.date | None, int, bool]:
    """(receives, phase key, due on, days overdue, past the end) of an active enrolment, by the rules
    of ``course_of``: before its first phase (or without phases) it is in engagement; on a day no phase
    contains it counts as its last phase."""
    before_first = first_start is None or today < first_start
    key = ENGAGEMENT if before_first else current_key or last_key or ENGAGEMENT
    receives = rules.receives(arm)
    frequency = rules.frequency(key) if receives else None
    reference = min(last_contact or first_start or enrolled_on, today)
    due_on = reference + dt.timedelta(days=frequency) if frequency else None
    overdue = (today - due_on).days if due_on and today > due_on else 0
    past_end = last_end is not None and today > last_end
    return receives, key, due_on, overdue, past_end


def active_programmes(site_ids: Iterable[int], language: str) -> dict[int, ProgrammeRules]:
    """The programmes of the sites' active enrolments (one query, whatever the number of enrolments)."""
    in_use = Enrolment.objects.filter(site_id__in=list(site_ids), status="active").values("programme_id")
    return {p.pk: ProgrammeRules(p, language) for p in Programme.objects.filter(pk__in=in_use)}


def active_standings(
    site_ids: Iterable[int], rules: dict[int, ProgrammeRules], today: dt.date
) -> list[Standing]:
    """Every active enrolment at the sites, by study code (one query)."""
    phases = Phase.objects.filter(enrolment=OuterRef("pk"))
    latest_contact = (
        Contact.objects.filter(enrolment=OuterRef("pk"), retired_at__isnull=True)
        .order_by("-contact_on")
        .values("contact_on")[:1]
    )
    rows = (
        Enrolment.objects.filter(site_id__in=list(site_ids), status="active")
        .annotate(
            first_start=Subquery(phases.order_by("order").values("starts_on")[:1]),
            last_end=Subquery(phases.order_by("-order").values("ends_on")[:1]),
            last_key=Subquery(phases.order_by("-order").values("key")[:1]),
            current_key=Subquery(
                phases.filter(starts_on__lte=today, ends_on__gte=today).order_by("order").values("key")[:1]
            ),
            last_contact=Subquery(latest_contact),
        )
        .order_by("participant__study_code", "pk")
        .values_list(
            "pk",
            "programme_id",
            "arm",
            "team_id",
            "enrolled_on",
            "participant__study_code",
            "participant__family_support",
            "first_start",
            "last_end",
            "current_key",
            "last_key",
            "last_contact",
        )
    )
    standings = []
    for (
        pk,
        programme_id,
        arm,
        team_id,
        enrolled_on,
        study_code,
        family_support,
        first_start,
        last_end,
        current_key,
        last_key,
        last_contact,
    ) in rows:
        receives, key, due_on, overdue, past_end = standing_of(
            rules=rules[programme_id],
            arm=arm,
            enrolled_on=enrolled_on,
            first_start=first_start,
            last_end=last_end,
            current_key=current_key,
            last_key=last_key,
            last_contact=last_contact,
            today=today,
        )
        standings.append(
            Standing(
                pk,
                programme_id,
                team_id,
                study_code,
                family_support,
                enrolled_on,
                last_contact,
                receives,
                key,
                due_on,
                overdue,
                past_end,
            )
        )
    return standings
