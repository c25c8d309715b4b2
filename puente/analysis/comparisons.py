"""One comparison of the analysis plan: the test chosen (by design and normality), its reason, its result.

Pure functions over numpy arrays; the engine decides which comparisons to make.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from puente.analysis import stats

KINDS = ("pair", "omnibus", "between")


@dataclasses.dataclass
class Comparison:
    key: str
    kind: str  # "pair": two time points, same people; "omnibus": all time points; "between": two arms
    unit: str
    instrument: str
    score: str
    levels: tuple[str, ...]
    suggested: str = ""  # what the normality check suggests
    choice: str = ""  # what was run (the suggestion unless overridden)
    reason: str = ""  # reason code from the normality check
    reason_text: str = ""
    overridden: bool = False
    test: str = ""  # method name of the result record
    n: int = 0
    statistic_name: str = ""
    statistic: float | None = None
    df: str = ""
    p: float | None = None
    p_adjusted: float | None = None
    effect_name: str = ""
    effect: float | None = None
    change: float | None = None  # mean of (later - earlier), or difference of means between arms
    error: str = ""
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error and self.p is not None


def comparison_key(kind: str, unit: str, instrument: str, score: str, levels: tuple[str, ...]) -> str:
    return "|".join([kind, unit, instrument, score, *levels])


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _reason_text(choice: stats.TestChoice, alpha: float) -> str:
    if choice.reason == "too_few_cases":
        return _("Fewer than 3 cases: a rank-based test is used.")
    if choice.reason == "constant_values":
        return _("The values do not vary: a rank-based test is used.")
    if choice.reason == "large_sample":
        return _("Large sample: the t-based test is robust to non-normality.")
    worst = min((c.p for c in choice.checks if c.p == c.p), default=float("nan"))
    if choice.reason == "non_normal":
        return _("Shapiro-Wilk p = %(p).3f < %(alpha)s: not normally distributed, so a rank-based test.") % {
            "p": worst,
            "alpha": alpha,
        }
    return _(
        "Shapiro-Wilk p = %(p).3f (smallest) >= %(alpha)s: normality not rejected, so a t-based test."
    ) % {
        "p": worst,
        "alpha": alpha,
    }


def _decide(comparison: Comparison, samples: list[np.ndarray], alpha: float, overrides: dict) -> None:
    check = stats.choose_test(samples, alpha=alpha)
    comparison.suggested = check.choice
    comparison.reason = check.reason
    comparison.reason_text = _reason_text(check, alpha)
    forced = overrides.get(comparison.key)
    comparison.overridden = bool(forced and forced != check.choice)
    comparison.choice = forced or check.choice


def paired(
    comparison: Comparison, before: np.ndarray, after: np.ndarray, alpha: float, overrides: dict
) -> None:
    keep = ~(np.isnan(before) | np.isnan(after))
    a, b = before[keep], after[keep]
    comparison.n = int(keep.sum())
    if comparison.n < 2:
        comparison.error = _("Fewer than 2 people answered at both time points.")
        return
    _decide(comparison, [b - a], alpha, overrides)
    comparison.change = float((b - a).mean())
    try:
        if comparison.choice == "parametric":
            result = stats.paired_ttest(a, b)
            comparison.statistic_name, comparison.statistic = "t", _finite(-result.t)
            comparison.df, comparison.p = str(result.df), _finite(result.p)
            # Signed in the direction of the change (later minus earlier).
            comparison.effect_name, comparison.effect = "d_z", _finite(-result.cohen_dz)
        else:
            result = stats.wilcoxon_signed_rank(a, b)
            sign = 1.0 if result.sum_positive_ranks >= result.sum_negative_ranks else -1.0
            comparison.statistic_name, comparison.statistic = "Z", _finite(result.z)
            comparison.p = _finite(result.p)
            comparison.effect_name, comparison.effect = "r", _finite(sign * abs(result.r))
    except stats.StatsInputError as error:
        comparison.error = str(error)
        return
    comparison.test = result.method
    comparison.detail = result.to_dict()


def omnibus(comparison: Comparison, matrix: np.ndarray, alpha: float, overrides: dict) -> None:
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    comparison.n = int(complete.shape[0])
    if comparison.n < 3:
        comparison.error = _("Fewer than 3 people answered at every time point.")
        return
    _decide(comparison, [complete[:, i] for i in range(complete.shape[1])], alpha, overrides)
    try:
        if comparison.choice == "parametric":
            result = stats.rm_anova(complete, levels=comparison.levels, alpha=alpha)
            # SPSS practice: Greenhouse-Geisser when Mauchly's test rejects sphericity.
            corrected = result.mauchly_p == result.mauchly_p and result.mauchly_p < alpha
            row = result.rows[1] if corrected else result.rows[0]
            comparison.statistic_name, comparison.statistic = "F", _finite(result.f)
            comparison.df = (
                f"{row.df:.2f}, {row.error_df:.2f}" if corrected else f"{result.df1}, {result.df2}"
            )
            comparison.p = _finite(row.p)
            comparison.effect_name, comparison.effect = "partial_eta2", _finite(result.partial_eta_squared)
            if corrected:
                comparison.reason_text += " " + _(
                    "Sphericity rejected (Mauchly): Greenhouse-Geisser correction."
                )
        else:
            result = stats.friedman(complete)
            comparison.statistic_name, comparison.statistic = "chi2", _finite(result.chi2)
            comparison.df, comparison.p = str(result.df), _finite(result.p)
            comparison.effect_name, comparison.effect = "kendall_w", _finite(result.kendall_w)
    except stats.StatsInputError as error:
        comparison.error = str(error)
        return
    comparison.test = result.method
    comparison.detail = result.to_dict()


def between(
    comparison: Comparison, first: np.ndarray, second: np.ndarray, alpha: float, overrides: dict
) -> None:
    a, b = first[~np.isnan(first)], second[~np.isnan(second)]
    comparison.n = int(a.size + b.size)
    if a.size < 2 or b.size < 2:
        comparison.error = _("Fewer than 2 people in an arm.")
        return
    _decide(comparison, [a, b], alpha, overrides)
    comparison.change = float(b.mean() - a.mean())
    try:
        if comparison.choice == "parametric":
            result = stats.independent_ttest(a, b)
            welch = result.levene.p == result.levene.p and result.levene.p < alpha
            comparison.statistic_name = "t"
            comparison.statistic = _finite(result.welch_t if welch else result.t)
            comparison.df = f"{result.welch_df:.2f}" if welch else f"{result.df:g}"
            comparison.p = _finite(result.welch_p if welch else result.p)
            comparison.effect_name, comparison.effect = "hedges_g", _finite(-result.hedges_g)
            if welch:
                comparison.reason_text += " " + _("Unequal variances (Levene): Welch's t.")
        else:
            result = stats.mann_whitney_u(a, b)
            comparison.statistic_name, comparison.statistic = "U", _finite(result.u)
            comparison.p = _finite(result.p)
            sign = 1.0 if comparison.change >= 0 else -1.0
            comparison.effect_name, comparison.effect = "r", _finite(sign * abs(result.r))
    except stats.StatsInputError as error:
        comparison.error = str(error)
        return
    comparison.test = result.method
    comparison.detail = result.to_dict()
