"""Ranking teams for a participant, with the reasons behind each place. Pure Python.

Free capacity matters most; a shared language comes next; shared attributes between the
participant and the team's peer worker add a little. Participants without family support are
the ones a peer worker helps most, so for them a team whose peer worker has room ranks higher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CAPACITY_WEIGHT = 2.0
LANGUAGE_WEIGHT = 6.0
SHARED_ATTRIBUTE_WEIGHT = 1.5
NO_FAMILY_PSW_WEIGHT = 5.0


@dataclass(frozen=True)
class TeamFacts:
    team_id: int
    name: str
    free_places: int  # participants the team can still take before any member passes the limit
    has_psw: bool
    languages: frozenset[str]
    psw_attributes: dict[str, str] = field(default_factory=dict)  # e.g. {"gender": "woman"}


@dataclass(frozen=True)
class ParticipantFacts:
    language: str
    family_support: str  # yes / partial / no
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    code: str  # capacity, language, no_language, shared, psw_for_no_family, full, no_psw
    detail: str = ""
    points: float = 0.0


@dataclass(frozen=True)
class Suggestion:
    team_id: int
    name: str
    score: float
    full: bool
    reasons: tuple[Reason, ...]


def score_team(team: TeamFacts, person: ParticipantFacts) -> Suggestion:
    reasons: list[Reason] = []
    full = team.free_places <= 0
    if full:
        reasons.append(Reason("full"))
    else:
        reasons.append(Reason("capacity", str(team.free_places), CAPACITY_WEIGHT * min(team.free_places, 10)))
    if person.language in team.languages:
        reasons.append(Reason("language", person.language, LANGUAGE_WEIGHT))
    else:
        reasons.append(Reason("no_language", person.language))
    for name, value in sorted(person.attributes.items()):
        if value and team.psw_attributes.get(name) == value:
            reasons.append(Reason("shared", name, SHARED_ATTRIBUTE_WEIGHT))
    if person.family_support == "no":
        if team.has_psw and not full:
            reasons.append(Reason("psw_for_no_family", "", NO_FAMILY_PSW_WEIGHT))
        elif not team.has_psw:
            reasons.append(Reason("no_psw"))
    score = sum(reason.points for reason in reasons)
    return Suggestion(team.team_id, team.name, round(score, 2), full, tuple(reasons))


def rank(teams: list[TeamFacts], person: ParticipantFacts) -> list[Suggestion]:
    """Best first; full teams always last; ties broken by name so the order is stable."""
    suggestions = [score_team(team, person) for team in teams]
    return sorted(suggestions, key=lambda s: (s.full, -s.score, s.name))
