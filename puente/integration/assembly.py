"""A joint display as the pages, the report and the exports show it, assembled at read time from the
evaluation's results (the analysis engine) and the current codings: nothing is cached, so a change of
codings, consent or codebook version shows at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from puente.analysis.comparisons import Comparison
from puente.analysis.engine import EvaluationResult, OutcomeRow
from puente.analysis.formatting import num, outcome_label
from puente.analysis.presentation import comparison_view
from puente.integration.models import JointDisplay, JointDisplayRow, MetaInference
from puente.integration.strands import Quote, gather_quotes, match_people, unit_scores, version_codes
from puente.integration.strands import changes as person_changes

MAX_QUOTES = 12


@dataclass(frozen=True)
class ResultChoice:
    key: str
    label: str


@dataclass
class RowView:
    row: JointDisplayRow
    found: bool
    group: str = ""
    outcome: str = ""
    levels: tuple[str, str] = ("", "")
    means: tuple[str, str] = ("–", "–")
    result: dict | None = None
    codes: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    people: int = 0  # respondents measured at both time points
    voices: int = 0  # of them, how many are quoted

    @property
    def shown_quotes(self) -> list[Quote]:
        return self.quotes[:MAX_QUOTES]

    @property
    def more(self) -> int:
        return max(0, len(self.quotes) - MAX_QUOTES)

    @property
    def inference_label(self) -> str:
        return str(MetaInference(self.row.meta_inference).label)


@dataclass
class DisplayView:
    display: JointDisplay
    rows: list[RowView]
    methods: str


def pair_comparisons(result: EvaluationResult) -> dict[str, tuple[OutcomeRow, Comparison]]:
    return {c.key: (row, c) for row in result.rows for c in row.pairs}


def result_choices(result: EvaluationResult) -> list[ResultChoice]:
    """Every pairwise change of the evaluation, labelled as a researcher reads it."""
    out = []
    for key, (row, c) in pair_comparisons(result).items():
        view = comparison_view(c)
        detail = (
            view["error"]
            if c.error
            else _("change %(change)s, p = %(p)s") % {"change": view["change"], "p": view["p"]}
        )
        out.append(
            ResultChoice(
                key,
                f"{result.units.get(row.unit, row.unit)} · {outcome_label(result, row.instrument, row.score)}"
                f" · {' – '.join(c.levels[:2])}: {detail}",
            )
        )
    return out


def row_code_ids(row: JointDisplayRow, groups: dict[int, set[int]]) -> set[int]:
    ids = {int(c) for c in row.code_ids}
    for group in row.group_ids:
        ids |= groups.get(int(group), set())
    return ids


def build(display: JointDisplay, rows: list[JointDisplayRow], result: EvaluationResult) -> DisplayView:
    from puente.integration.selectors import group_codes

    codes = version_codes(display.codebook_version)
    groups = group_codes(display.project)
    pairs = pair_comparisons(result)
    frame = unit_scores(result)
    group_of: dict[int, dict[str, float]] = {}
    wanted: dict[int, set[int]] = {}
    for row in rows:
        found = pairs.get(row.comparison_key)
        if found is not None:
            outcome, c = found
            group_of[row.pk] = person_changes(frame, c.unit, c.instrument, c.score, c.levels[0], c.levels[1])
        wanted[row.pk] = codes.expand(row_code_ids(row, groups))
    everyone = set().union(*group_of.values()) if group_of else set()
    people = match_people(result, display.project, everyone)
    gather_quotes(display.project, people, codes, set().union(*wanted.values()) if wanted else set())
    views = []
    for row in rows:
        code_ids = wanted[row.pk]
        names = sorted({codes.names[c] for c in code_ids})
        found = pairs.get(row.comparison_key)
        if found is None:
            views.append(RowView(row, False, codes=names))
            continue
        outcome, c = found
        group = group_of[row.pk]
        quotes = [
            q
            for respondent in sorted(group)
            for q in people.quotes.get(respondent, [])
            if q.code_id in code_ids
        ]
        before, after = (outcome.cells.get(level) for level in c.levels[:2])
        views.append(
            RowView(
                row,
                True,
                group=result.units.get(c.unit, c.unit),
                outcome=outcome_label(result, c.instrument, c.score),
                levels=(c.levels[0], c.levels[1]),
                means=(num(before.mean) if before else "–", num(after.mean) if after else "–"),
                result=comparison_view(c),
                codes=names,
                quotes=quotes,
                people=len(group),
                voices=len({q.respondent for q in quotes}),
            )
        )
    return DisplayView(display, views, methods_paragraph(display, views))


def methods_paragraph(display: JointDisplay, rows: list[RowView]) -> str:
    version = display.codebook_version
    parts = [
        _(
            "Integration followed a convergent parallel design: the quantitative and the qualitative "
            "strands were analysed separately and then brought together in a joint display."
        ),
        ngettext(
            "The display has %(n)s row.",
            "The display has %(n)s rows.",
            len(rows),
        )
        % {"n": len(rows)},
        _(
            "Each row sets one change in an outcome, with the test, p value and effect size of the "
            "evaluation, beside the coded quotations of the same people: the cases of the qualitative "
            "project %(project)s that are the respondents measured at both time points."
        )
        % {"project": display.project.name},
        _(
            "Quotations follow codebook version %(number)s (a code includes its sub-codes); a reconciled "
            "document contributes its agreed codings, any other document every coder's, and a passage "
            "coded twice counts once."
        )
        % {"number": version.number},
        _(
            "Only people with research consent appear, under their study codes. For each row the team "
            "judged whether the strands converge, diverge or expand one another, and noted why."
        ),
    ]
    return " ".join(parts)
