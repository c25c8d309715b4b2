"""Fidelity indicators adapted from the CTI fidelity self-assessment. Pure Python.

Each indicator is judged per participant (or per worker for caseloads) and reported with the
people behind the figure, so a coordinator can see who pulls a rate down. A participant is only
counted once the indicator can be judged (phase 1 is over before its meetings are counted, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from puente.programs.phases import PhaseSpan, add_months

EQUAL_PHASE_TOLERANCE_DAYS = 15
FOCUS_GRACE_DAYS = 14
MIN_COMMUNITY_MEETINGS_PHASE_1 = 3
MIN_SUPPORT_MEETINGS_PHASE_1 = 2
MIN_CONTACTS_FIRST_MONTH = 2
GOOD_RATE = 0.8
FAIR_RATE = 0.5

INDICATORS = (
    "length",
    "equal_phases",
    "focus_areas",
    "caseload",
    "community_meetings",
    "support_meetings",
    "decreasing_contacts",
    "no_early_dropout",
    "first_month_contacts",
)


@dataclass(frozen=True)
class PhaseContacts:
    total: int = 0
    community: int = 0  # in person, out in the community (home, outing, accompaniment, family)
    with_supports: int = 0  # with providers, family or other informal supports present


@dataclass(frozen=True)
class EnrolmentFacts:
    enrolment_id: int
    study_code: str
    site_id: int
    team_id: int | None
    spans: tuple[PhaseSpan, ...]
    planned_months: int
    status: str  # active / completed / exited
    ended_on: dt.date | None = None
    exit_reason: str = ""
    areas_per_phase: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, PhaseContacts] = field(default_factory=dict)
    first_month_contacts: int = 0


@dataclass(frozen=True)
class WorkerLoad:
    worker_id: int
    name: str
    site_id: int
    team_ids: frozenset[int]
    active: int
    limit: int


@dataclass
class Indicator:
    key: str
    met: list[str] = field(default_factory=list)
    not_met: list[str] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return len(self.met) + len(self.not_met)

    @property
    def rate(self) -> float | None:
        return len(self.met) / self.assessed if self.assessed else None

    @property
    def rating(self) -> str:
        if self.rate is None:
            return "none"
        return "good" if self.rate >= GOOD_RATE else "fair" if self.rate >= FAIR_RATE else "low"


def _judge(indicator: Indicator, who: str, ok: bool | None) -> None:
    if ok is None:
        return
    (indicator.met if ok else indicator.not_met).append(who)


def _over(facts: EnrolmentFacts, span: PhaseSpan, today: dt.date) -> bool:
    return span.ends_on < today or (facts.status != "active" and facts.ended_on is not None)


def _length(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    if not facts.spans:
        return None
    start = facts.spans[0].starts_on
    limit = add_months(start, facts.planned_months) - dt.timedelta(days=1)
    end = facts.ended_on if facts.status != "active" and facts.ended_on else facts.spans[-1].ends_on
    return end <= limit


def _equal_phases(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    if len(facts.spans) < 2:
        return None
    lengths = [span.days for span in facts.spans]
    return max(lengths) - min(lengths) <= EQUAL_PHASE_TOLERANCE_DAYS


def _focus_areas(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    started = [s for s in facts.spans if s.starts_on <= today - dt.timedelta(days=FOCUS_GRACE_DAYS)]
    if facts.status == "exited":
        started = [s for s in started if facts.ended_on is None or s.starts_on <= facts.ended_on]
    if not started:
        return None
    return all(1 <= facts.areas_per_phase.get(span.key, 0) <= 3 for span in started)


def _phase_one(facts: EnrolmentFacts, today: dt.date) -> PhaseContacts | None:
    if not facts.spans or not _over(facts, facts.spans[0], today):
        return None
    return facts.contacts.get(facts.spans[0].key, PhaseContacts())


def _community(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    counts = _phase_one(facts, today)
    return None if counts is None else counts.community >= MIN_COMMUNITY_MEETINGS_PHASE_1


def _supports(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    counts = _phase_one(facts, today)
    return None if counts is None else counts.with_supports >= MIN_SUPPORT_MEETINGS_PHASE_1


def _decreasing(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    if facts.status == "completed":
        finished = list(facts.spans)
    else:
        cutoff = today if facts.status == "active" or facts.ended_on is None else min(today, facts.ended_on)
        finished = [s for s in facts.spans if s.ends_on < cutoff]
    if len(finished) < 2:
        return None
    totals = [facts.contacts.get(s.key, PhaseContacts()).total for s in finished]
    return all(later < earlier for earlier, later in pairwise(totals))


def _no_dropout(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    if not facts.spans:
        return None
    if facts.status == "exited" and facts.exit_reason == "drop_out":
        limit = add_months(facts.spans[0].starts_on, facts.planned_months)
        return facts.ended_on is not None and facts.ended_on >= limit
    return True


def _first_month(facts: EnrolmentFacts, today: dt.date) -> bool | None:
    if not facts.spans or add_months(facts.spans[0].starts_on, 1) > today:
        return None
    return facts.first_month_contacts >= MIN_CONTACTS_FIRST_MONTH


PARTICIPANT_RULES = {
    "length": _length,
    "equal_phases": _equal_phases,
    "focus_areas": _focus_areas,
    "community_meetings": _community,
    "support_meetings": _supports,
    "decreasing_contacts": _decreasing,
    "no_early_dropout": _no_dropout,
    "first_month_contacts": _first_month,
}


def indicators(
    enrolments: Iterable[EnrolmentFacts], workers: Iterable[WorkerLoad], today: dt.date
) -> dict[str, Indicator]:
    result = {key: Indicator(key) for key in INDICATORS}
    for facts in enrolments:
        for key, rule in PARTICIPANT_RULES.items():
            _judge(result[key], facts.study_code, rule(facts, today))
    for worker in workers:
        _judge(result["caseload"], worker.name, worker.active <= worker.limit)
    return result


@dataclass
class FidelityGroup:
    label: str
    kind: str  # site / team / all
    group_id: int | None
    indicators: dict[str, Indicator]


def by_group(
    enrolments: list[EnrolmentFacts],
    workers: list[WorkerLoad],
    today: dt.date,
    *,
    sites: dict[int, str],
    teams: dict[int, tuple[int, str]],
) -> list[FidelityGroup]:
    """All together, then each site, then each team of the site (team id -> (site id, name))."""
    groups = [FidelityGroup("", "all", None, indicators(enrolments, workers, today))]
    for site_id, site_name in sites.items():
        groups.append(
            FidelityGroup(
                site_name,
                "site",
                site_id,
                indicators(
                    [e for e in enrolments if e.site_id == site_id],
                    [w for w in workers if w.site_id == site_id],
                    today,
                ),
            )
        )
        for team_id, (team_site, team_name) in teams.items():
            if team_site != site_id:
                continue
            groups.append(
                FidelityGroup(
                    team_name,
                    "team",
                    team_id,
                    indicators(
                        [e for e in enrolments if e.team_id == team_id],
                        [w for w in workers if team_id in w.team_ids],
                        today,
                    ),
                )
            )
    return groups
