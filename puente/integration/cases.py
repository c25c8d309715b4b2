"""Case-level integration (each person's scores beside their words) and quotations by quantitative
subgroup (code presence compared between people who improved and those who did not, or between arms)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from puente.analysis.engine import EvaluationResult
from puente.analysis.formatting import num, outcome_label, p_text
from puente.integration.models import JointDisplay
from puente.integration.strands import (
    Quote,
    gather_quotes,
    match_people,
    unit_scores,
    version_codes,
    wide_values,
)
from puente.integration.svg import sparkline

DIRECTIONS = ("any", "fell", "rose")
SPLITS = ("change", "arm")


@dataclass(frozen=True)
class Outcome:
    key: str  # unit|instrument|score
    label: str

    @property
    def parts(self) -> tuple[str, str, str]:
        unit, instrument, score = self.key.split("|")
        return unit, instrument, score


def outcome_choices(result: EvaluationResult) -> list[Outcome]:
    return [
        Outcome(
            f"{r.unit}|{r.instrument}|{r.score}",
            f"{result.units.get(r.unit, r.unit)} · {outcome_label(result, r.instrument, r.score)}",
        )
        for r in result.rows
    ]


@dataclass
class CaseView:
    respondent: str
    values: list[tuple[str, str]]  # (time point, score)
    sparkline: str
    change: float | None
    quotes: list[Quote] = field(default_factory=list)

    @property
    def change_text(self) -> str:
        return num(self.change)


def _range(result: EvaluationResult, instrument: str, score: str, values: list[float]) -> tuple[float, float]:
    info = result.data.instruments.get(instrument)
    found = info.score(score).range if info else None
    if found:
        return float(found[0]), float(found[1])
    return (min(values), max(values)) if values else (0.0, 1.0)


def case_rows(
    display: JointDisplay,
    result: EvaluationResult,
    outcome: Outcome,
    *,
    before: str,
    after: str,
    direction: str = "any",
    threshold: float = 0.0,
) -> tuple[list[CaseView], int]:
    """The cases (people with coded words) of the outcome's group whose change from ``before`` to
    ``after`` passes the filter, and how many measured people have no qualitative case."""
    unit, instrument, score = outcome.parts
    tps = list(result.data.time_points)
    wide = wide_values(unit_scores(result), unit, instrument, score, tps)
    change = (wide[after] - wide[before]) if before in wide and after in wide else None
    keep = []
    for respondent in wide.index:
        delta = None if change is None or math.isnan(change[respondent]) else float(change[respondent])
        if direction == "fell" and (delta is None or delta >= -threshold):
            continue
        if direction == "rose" and (delta is None or delta <= threshold):
            continue
        keep.append((str(respondent), delta))
    codes = version_codes(display.codebook_version)
    people = match_people(result, display.project, [r for r, _d in keep])
    gather_quotes(display.project, people, codes, set(codes.names))
    with_case = set(people.respondent_of_case.values())
    low, high = _range(result, instrument, score, [v for v in wide.to_numpy().ravel().tolist() if v == v])
    views = []
    for respondent, delta in keep:
        if respondent not in with_case:
            continue
        raw = [None if v != v else float(v) for v in wide.loc[respondent].tolist()]
        label = _("Scores of %(who)s: %(values)s") % {
            "who": respondent,
            "values": ", ".join(f"{tp} {num(v)}" for tp, v in zip(tps, raw, strict=True)),
        }
        views.append(
            CaseView(
                respondent,
                [(tp, num(v)) for tp, v in zip(tps, raw, strict=True)],
                sparkline(raw, low=low, high=high, label=label),
                delta,
                people.quotes.get(respondent, []),
            )
        )
    return views, len(keep) - len(views)


@dataclass
class CodeComparison:
    code: str
    present: tuple[int, int]
    totals: tuple[int, int]
    odds_ratio: str
    p: str
    quotes: tuple[list[Quote], list[Quote]]

    @property
    def percents(self) -> tuple[str, str]:
        return tuple(
            number_format(round(100 * p / t)) + " %" if t else "–"
            for p, t in zip(self.present, self.totals, strict=True)
        )


@dataclass
class SubgroupView:
    labels: tuple[str, str]
    sizes: tuple[int, int]
    rows: list[CodeComparison]
    method: str
    error: str = ""


def _fisher(table: list[list[int]]) -> tuple[float, float]:
    from scipy.stats import fisher_exact

    result = fisher_exact(table, alternative="two-sided")
    return float(result.statistic), float(result.pvalue)


def subgroup_comparison(
    display: JointDisplay,
    result: EvaluationResult,
    outcome: Outcome,
    *,
    before: str,
    after: str,
    split: str = "change",
    threshold: float = 0.0,
) -> SubgroupView:
    unit, instrument, score = outcome.parts
    frame = unit_scores(result)
    group = unit.split(":")[0]
    method = _(
        "Code presence per person (a person counts once, however often they said it), compared between "
        "the two subgroups with Fisher's exact test (two-sided, scipy.stats.fisher_exact) on each 2 x 2 "
        "table; the odds ratio is present/absent in the first subgroup over the second. Only people with "
        "research consent who were measured at both time points and have a qualitative case are counted. "
        "No correction for the number of codes compared."
    )
    if split == "arm":
        block = frame[frame["group"] == group]
        arms = dict(zip(result.data.respondents["respondent"], result.data.respondents["arm"], strict=False))
        wide = wide_values(block.assign(unit=group), group, instrument, score, [before, after]).dropna()
        names = sorted({arms.get(r, "") for r in wide.index} - {""})
        if len(names) != 2:
            return SubgroupView(("", ""), (0, 0), [], method, _("This group is not split into two arms."))
        from puente.analysis.engine import arm_labels

        labels = arm_labels(result.data)
        side = {str(r): (0 if arms.get(r) == names[0] else 1) for r in wide.index if arms.get(r) in names}
        titles = (labels.get(names[0], names[0]), labels.get(names[1], names[1]))
    else:
        wide = wide_values(frame, unit, instrument, score, [before, after]).dropna()
        change = wide[after] - wide[before]
        side = {str(r): (0 if float(d) > threshold else 1) for r, d in change.items()}
        limit = number_format(threshold)
        titles = (
            _("Improved by more than %(n)s") % {"n": limit},
            _("Did not improve by more than %(n)s") % {"n": limit},
        )
    codes = version_codes(display.codebook_version)
    people = match_people(result, display.project, side)
    gather_quotes(display.project, people, codes, set(codes.names))
    with_case = set(people.respondent_of_case.values())
    totals = [0, 0]
    for respondent in with_case:
        totals[side[respondent]] += 1
    rows = []
    for code_id, name in sorted(codes.names.items(), key=lambda item: item[1].lower()):
        present = [0, 0]
        quotes: tuple[list[Quote], list[Quote]] = ([], [])
        for respondent in sorted(with_case):
            said = [q for q in people.quotes.get(respondent, []) if q.code_id == code_id]
            if said:
                present[side[respondent]] += 1
                quotes[side[respondent]].extend(said)
        if not any(present):
            continue
        table = [[present[0], totals[0] - present[0]], [present[1], totals[1] - present[1]]]
        odds, p = _fisher(table) if all(totals) else (float("nan"), float("nan"))
        rows.append(
            CodeComparison(
                name,
                (present[0], present[1]),
                (totals[0], totals[1]),
                num(odds) if math.isfinite(odds) else "–",
                p_text(p) if p == p else "–",
                quotes,
            )
        )
    return SubgroupView(titles, (totals[0], totals[1]), rows, method)
