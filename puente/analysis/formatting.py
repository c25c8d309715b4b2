"""Number and label formatting shared by the pages, the report and its sentences (the user's locale)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from puente.analysis.engine import EvaluationResult

TEST_NAMES = {
    "paired_t_test": gettext_lazy("paired t test"),
    "wilcoxon_signed_rank": gettext_lazy("Wilcoxon signed-rank test"),
    "repeated_measures_anova": gettext_lazy("repeated-measures ANOVA"),
    "friedman": gettext_lazy("Friedman test"),
    "independent_t_test": gettext_lazy("independent t test"),
    "mann_whitney_u": gettext_lazy("Mann-Whitney U test"),
}
EFFECT_NAMES = {
    "d_z": gettext_lazy("Cohen's d_z"),
    "r": "r",
    "partial_eta2": gettext_lazy("partial eta squared"),
    "kendall_w": gettext_lazy("Kendall's W"),
    "hedges_g": gettext_lazy("Hedges' g"),
}
SOFTWARE = ("numpy", "scipy", "pandas", "statsmodels", "weasyprint", "pyreadstat")


def num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return number_format(round(value, digits), digits)


def p_text(p: float | None) -> str:
    if p is None:
        return "–"
    return "< " + number_format(0.001, 3) if p < 0.001 else number_format(round(p, 3), 3)


def outcome_label(result: EvaluationResult, instrument: str, score: str) -> str:
    info = result.data.instruments.get(instrument)
    if info is None:
        return f"{instrument} {score}"
    return f"{info.abbreviation}: {info.score(score).label}"
