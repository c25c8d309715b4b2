"""Paired and independent-samples t tests laid out as SPSS T-TEST prints them.

* Paired: differences are first minus second variable (SPSS "Pair 1: A - B"), so with
  ``before``/``after`` the mean difference is before - after. t = M_d / (SD_d / sqrt(n)), df = n - 1.
* Independent: the "Equal variances assumed" row uses the pooled variance, df = n1 + n2 - 2; the
  "Equal variances not assumed" row is Welch's t with Welch-Satterthwaite df. Levene's test is
  SPSS's mean-centred version: a one-way ANOVA F on |x_ij - mean_j|.
Confidence intervals are M +/- t_{1 - alpha/2, df} * SE.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import stats as sps

from .effect_sizes import HedgesCorrection, cohen_dav, cohen_drm, cohen_ds, cohen_dz, hedges_g
from .results import StatResult, StatsInputError, as_float_array


@dataclasses.dataclass(frozen=True)
class PairedTTestResult(StatResult):
    n: int
    n_dropped: int
    mean_before: float
    mean_after: float
    sd_before: float
    sd_after: float
    correlation: float
    mean_difference: float
    sd_difference: float
    se: float
    t: float
    df: int
    p: float
    ci_low: float
    ci_high: float
    cohen_dz: float
    cohen_dav: float
    cohen_drm: float
    method: str = "paired_t_test"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class LeveneResult(StatResult):
    f: float
    df1: int
    df2: int
    p: float
    method: str = "levene_mean_centred"
    options: dict[str, Any] = dataclasses.field(default_factory=lambda: {"center": "mean"})


@dataclasses.dataclass(frozen=True)
class IndependentTTestResult(StatResult):
    group1: Any
    group2: Any
    n1: int
    n2: int
    n_dropped: int
    mean1: float
    mean2: float
    sd1: float
    sd2: float
    mean_difference: float
    # Equal variances assumed (pooled).
    se: float
    t: float
    df: float
    p: float
    ci_low: float
    ci_high: float
    # Equal variances not assumed (Welch).
    welch_se: float
    welch_t: float
    welch_df: float
    welch_p: float
    welch_ci_low: float
    welch_ci_high: float
    levene: LeveneResult
    cohen_ds: float
    hedges_g: float
    method: str = "independent_t_test"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


def _t_two_sided(t: float, df: float) -> float:
    return float(2.0 * sps.t.sf(abs(t), df)) if math.isfinite(t) else math.nan


def paired_ttest(
    before: Iterable[float | None], after: Iterable[float | None], confidence: float = 0.95
) -> PairedTTestResult:
    """Paired t test with listwise deletion of incomplete pairs."""
    a, b = as_float_array(before, "before"), as_float_array(after, "after")
    if a.size != b.size:
        raise StatsInputError("before and after must have the same number of cases")
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    n = int(a.size)
    if n < 2:
        raise StatsInputError("a paired t test needs at least 2 complete pairs")
    d = a - b
    md, sdd = float(d.mean()), float(d.std(ddof=1))
    if sdd == 0:
        raise StatsInputError("the differences are constant, so t is undefined")
    sd_a, sd_b = float(a.std(ddof=1)), float(b.std(ddof=1))
    r = float(np.corrcoef(a, b)[0, 1]) if sd_a > 0 and sd_b > 0 else math.nan
    df = n - 1
    se = sdd / math.sqrt(n)
    t = md / se
    q = float(sps.t.ppf(0.5 + confidence / 2.0, df))
    return PairedTTestResult(
        n=n,
        n_dropped=int((~keep).sum()),
        mean_before=float(a.mean()),
        mean_after=float(b.mean()),
        sd_before=sd_a,
        sd_after=sd_b,
        correlation=r,
        mean_difference=md,
        sd_difference=sdd,
        se=se,
        t=t,
        df=df,
        p=_t_two_sided(t, df),
        ci_low=md - q * se,
        ci_high=md + q * se,
        cohen_dz=cohen_dz(md, sdd).value,
        cohen_dav=cohen_dav(md, sd_a, sd_b).value,
        cohen_drm=cohen_drm(md, sd_a, sd_b, r).value if math.isfinite(r) else math.nan,
        options={"difference": "before - after", "confidence": confidence, "missing": "listwise"},
    )


def levene_mean(*samples: np.ndarray) -> LeveneResult:
    """Levene's test with deviations from the group means (SPSS's "Levene's Test")."""
    devs = [np.abs(s - s.mean()) for s in samples]
    k = len(devs)
    n_total = sum(d.size for d in devs)
    grand = np.concatenate(devs).mean()
    ss_between = sum(d.size * (d.mean() - grand) ** 2 for d in devs)
    ss_within = sum(float(((d - d.mean()) ** 2).sum()) for d in devs)
    df1, df2 = k - 1, n_total - k
    if ss_within == 0:
        return LeveneResult(f=math.nan, df1=df1, df2=df2, p=math.nan)
    f = (ss_between / df1) / (ss_within / df2)
    return LeveneResult(f=float(f), df1=df1, df2=df2, p=float(sps.f.sf(f, df1, df2)))


def independent_ttest(
    group1: Iterable[float | None],
    group2: Iterable[float | None],
    labels: Sequence[Any] = ("1", "2"),
    confidence: float = 0.95,
    hedges_correction: HedgesCorrection = "exact",
    n_dropped: int = 0,
) -> IndependentTTestResult:
    """Independent-samples t test, pooled and Welch rows, Levene's test, d_s and Hedges' g."""
    x, y = as_float_array(group1, "group1"), as_float_array(group2, "group2")
    dropped = n_dropped + int(np.isnan(x).sum() + np.isnan(y).sum())
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n1, n2 = int(x.size), int(y.size)
    if n1 < 2 or n2 < 2:
        raise StatsInputError("each group needs at least 2 cases")
    m1, m2 = float(x.mean()), float(y.mean())
    v1, v2 = float(x.var(ddof=1)), float(y.var(ddof=1))
    if v1 == 0 and v2 == 0:
        raise StatsInputError("the values are constant within both groups, so t is undefined")
    md = m1 - m2
    df = n1 + n2 - 2
    sp2 = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
    se = math.sqrt(sp2 * (1.0 / n1 + 1.0 / n2))
    t = md / se
    w1, w2 = v1 / n1, v2 / n2
    welch_se = math.sqrt(w1 + w2)
    welch_t = md / welch_se
    welch_df = (w1 + w2) ** 2 / (w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1))
    q = float(sps.t.ppf(0.5 + confidence / 2.0, df))
    qw = float(sps.t.ppf(0.5 + confidence / 2.0, welch_df))
    ds = cohen_ds(m1, m2, math.sqrt(v1), math.sqrt(v2), n1, n2).value
    return IndependentTTestResult(
        group1=labels[0],
        group2=labels[1],
        n1=n1,
        n2=n2,
        n_dropped=dropped,
        mean1=m1,
        mean2=m2,
        sd1=math.sqrt(v1),
        sd2=math.sqrt(v2),
        mean_difference=md,
        se=se,
        t=t,
        df=float(df),
        p=_t_two_sided(t, df),
        ci_low=md - q * se,
        ci_high=md + q * se,
        welch_se=welch_se,
        welch_t=welch_t,
        welch_df=welch_df,
        welch_p=_t_two_sided(welch_t, welch_df),
        welch_ci_low=md - qw * welch_se,
        welch_ci_high=md + qw * welch_se,
        levene=levene_mean(x, y),
        cohen_ds=ds,
        hedges_g=hedges_g(ds, df, hedges_correction).value,
        options={
            "difference": "group1 - group2",
            "confidence": confidence,
            "hedges_correction": hedges_correction,
            "missing": "analysis_by_analysis",
        },
    )


def split_two_groups(
    values: Iterable[float | None], groups: Iterable[Any]
) -> tuple[np.ndarray, np.ndarray, tuple[Any, Any], int]:
    """Split long data into two groups (sorted labels, first is group 1); blank groups are dropped.

    Returns both samples (NaNs kept, so callers count them), the labels and the number of cases
    dropped for a missing group.
    """
    vals = as_float_array(values, "values")
    labs = list(groups)
    if len(labs) != vals.size:
        raise StatsInputError("values and groups must have the same length")
    missing_group = np.array(
        [g is None or g == "" or (isinstance(g, float) and math.isnan(g)) for g in labs], dtype=bool
    )
    present = sorted({g for g, m in zip(labs, missing_group, strict=True) if not m}, key=str)
    if len(present) != 2:
        raise StatsInputError(f"the group variable must have exactly 2 groups, found {len(present)}")
    g_arr = np.array([str(g) for g in labs], dtype=object)
    a = vals[(g_arr == str(present[0])) & ~missing_group]
    b = vals[(g_arr == str(present[1])) & ~missing_group]
    return a, b, (present[0], present[1]), int(missing_group.sum())
