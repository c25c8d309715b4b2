"""The two strands for the same people: who answered the questionnaires, which qualitative cases they
are, and what those cases said under the chosen codebook version.

A case belongs to a respondent when it links to the same participant, to the same worker account, or
(for staff who answer without an account) when the case is named by the respondent's study code.
Only consented respondents reach the evaluation's score table, and cases of participants without
research consent are dropped here as well, so withdrawing consent removes a person from both strands.
A fixed number of queries whatever the number of people, rows or codings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from puente.analysis.engine import EvaluationResult, unit_series
from puente.instruments.models import Respondent
from puente.qualitative.models import Case, CodebookVersion, Project
from puente.qualitative.selectors.matrix import attribute_codings, coding_rows, links_and_turns
from puente.qualitative.selectors.projects import cases as project_cases


@dataclass(frozen=True)
class VersionCodes:
    """The codes of one codebook version: names as they were then, and the hierarchy then."""

    names: dict[int, str]
    children: dict[int, list[int]]

    def expand(self, code_ids: Iterable[int]) -> set[int]:
        """The codes and their sub-codes, as far as they exist (not retired) in this version."""
        out: set[int] = set()
        todo = [c for c in code_ids if c in self.names]
        while todo:
            code = todo.pop()
            if code in out:
                continue
            out.add(code)
            todo.extend(self.children.get(code, []))
        return out


def version_codes(version: CodebookVersion) -> VersionCodes:
    alive = {int(e["id"]): str(e["name"]) for e in version.snapshot or [] if not e.get("retired")}
    children: dict[int, list[int]] = defaultdict(list)
    for entry in version.snapshot or []:
        if entry.get("parent") and int(entry["id"]) in alive:
            children[int(entry["parent"])].append(int(entry["id"]))
    return VersionCodes(alive, dict(children))


@dataclass(frozen=True)
class Quote:
    respondent: str  # the study code, never a name
    code: str  # the code's name in the chosen codebook version
    code_id: int
    document: str
    text: str


def unit_scores(result: EvaluationResult) -> pd.DataFrame:
    scores = result.data.scores
    frame = scores.assign(unit=unit_series(scores, result.options.split_by_arm))
    return frame[frame["value"].notna()]


def wide_values(
    frame: pd.DataFrame, unit: str, instrument: str, score: str, time_points: list[str]
) -> pd.DataFrame:
    """respondent x time point (mean if answered twice) for one outcome in one group."""
    block = frame[(frame["unit"] == unit) & (frame["instrument"] == instrument) & (frame["score"] == score)]
    if block.empty:
        return pd.DataFrame(columns=time_points, dtype=float)
    wide = block.groupby(["respondent", "time_point"])["value"].mean().unstack("time_point")
    return wide.reindex(columns=time_points)


def changes(
    frame: pd.DataFrame, unit: str, instrument: str, score: str, before: str, after: str
) -> dict[str, float]:
    """respondent -> after minus before, for the people measured at both time points."""
    wide = wide_values(frame, unit, instrument, score, [before, after]).dropna()
    return {str(k): float(v) for k, v in (wide[after] - wide[before]).items()}


@dataclass
class People:
    """Respondents (by study code) and the project's cases that are them."""

    cases: list[Case]
    respondent_of_case: dict[int, str]
    quotes: dict[str, list[Quote]] = field(default_factory=dict)

    def with_quotes(self) -> set[str]:
        return {r for r, quotes in self.quotes.items() if quotes}


def match_people(result: EvaluationResult, project: Project, respondent_codes: Iterable[str]) -> People:
    wanted = set(respondent_codes)
    links = list(
        Respondent.objects.filter(
            programme=result.data.programme, site_id__in=list(result.data.site_ids), code__in=list(wanted)
        ).values_list("code", "participant_id", "user_id")
    )
    by_participant = {p: code for code, p, _u in links if p}
    by_user = {u: code for code, _p, u in links if u}
    case_list, owner = [], {}
    for case in project_cases(project):
        if case.participant_id:
            if not case.participant.research_consent:
                continue
            code = by_participant.get(case.participant_id)
        elif case.worker_id:
            code = by_user.get(case.worker_id)
        else:
            code = case.name if case.name in wanted else None
        if code:
            case_list.append(case)
            owner[case.pk] = code
    return People(case_list, owner)


def gather_quotes(project: Project, people: People, codes: VersionCodes, code_ids: set[int]) -> None:
    """Fill ``people.quotes``: each respondent's coded passages for the codes, one per passage and code
    (two coders applying the same code to the same text make one quotation)."""
    rows = coding_rows(project, sorted(code_ids)) if code_ids else []
    links, turns = links_and_turns(project, people.cases)
    per_case = attribute_codings(links, rows, turns)
    out: dict[str, list[Quote]] = defaultdict(list)
    seen: set[tuple] = set()
    for case in people.cases:
        respondent = people.respondent_of_case[case.pk]
        for coding in per_case.get(case.pk, []):
            key = (respondent, coding.document_id, coding.start, coding.end, coding.code_id)
            if key in seen or coding.code_id not in code_ids:
                continue
            seen.add(key)
            out[respondent].append(
                Quote(
                    respondent,
                    codes.names[coding.code_id],
                    coding.code_id,
                    coding.document_title,
                    (coding.quote or "").strip(),
                )
            )
    people.quotes = dict(out)
