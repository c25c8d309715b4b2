"""Choosing between a parametric and a non-parametric test from Shapiro-Wilk normality checks.

Shapiro-Wilk W and p come from scipy (Royston's 1995 AS R94 algorithm, as R's ``shapiro.test``
and SPSS EXAMINE's "Tests of Normality" use). The decision rule is deliberately simple and is
reported with a reason code so a reader can see why a test was chosen:

* ``too_few_cases``: some sample has fewer than 3 values (W undefined) -> non-parametric;
* ``constant_values``: some sample has no spread -> non-parametric;
* ``non_normal``: some sample has p < alpha -> non-parametric;
* ``large_sample``: every sample has at least ``large_n`` values (default 5000, beyond which
  W's p-value is unreliable and the t test is robust by the central limit theorem) -> parametric;
* ``all_normal``: no sample departs from normality at alpha -> parametric.
For paired designs pass the differences, which is what the paired t test assumes normal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import stats as sps

from .results import StatResult, as_float_array


@dataclasses.dataclass(frozen=True)
class NormalityCheck(StatResult):
    n: int
    w: float
    p: float
    method: str = "shapiro_wilk"
    options: dict[str, Any] = dataclasses.field(default_factory=lambda: {"algorithm": "Royston AS R94"})


@dataclasses.dataclass(frozen=True)
class TestChoice(StatResult):
    choice: str
    reason: str
    checks: tuple[NormalityCheck, ...]
    method: str = "shapiro_wilk"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    __test__ = False  # not a pytest test class despite the name


def shapiro_wilk(values: Iterable[float | None]) -> NormalityCheck:
    arr = as_float_array(values)
    arr = arr[~np.isnan(arr)]
    if arr.size < 3 or np.ptp(arr) == 0:
        return NormalityCheck(n=int(arr.size), w=float("nan"), p=float("nan"))
    res = sps.shapiro(arr)
    return NormalityCheck(n=int(arr.size), w=float(res.statistic), p=float(res.pvalue))


def choose_test(
    samples: Sequence[Iterable[float | None]], alpha: float = 0.05, large_n: int = 5000
) -> TestChoice:
    """Shapiro-Wilk on each sample, then "parametric" or "nonparametric" with a reason code."""
    arrays = [as_float_array(s) for s in samples]
    arrays = [a[~np.isnan(a)] for a in arrays]
    opts = {"alpha": alpha, "large_n": large_n}
    if any(a.size < 3 for a in arrays):
        checks = tuple(shapiro_wilk(a) for a in arrays)
        return TestChoice("nonparametric", "too_few_cases", checks, options=opts)
    if any(np.ptp(a) == 0 for a in arrays):
        checks = tuple(shapiro_wilk(a) for a in arrays)
        return TestChoice("nonparametric", "constant_values", checks, options=opts)
    if all(a.size >= large_n for a in arrays):
        return TestChoice(
            "parametric",
            "large_sample",
            tuple(NormalityCheck(int(a.size), float("nan"), float("nan")) for a in arrays),
            options=opts,
        )
    checks = tuple(shapiro_wilk(a) for a in arrays)
    if any(c.p < alpha for c in checks):
        return TestChoice("nonparametric", "non_normal", checks, options=opts)
    return TestChoice("parametric", "all_normal", checks, options=opts)
