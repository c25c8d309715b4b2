"""One-way repeated-measures ANOVA as SPSS GLM (repeated measures) prints it.

With Y the n x k matrix of complete cases (listwise deletion, as GLM does):

* SS_time = n sum_j (M_j - M)^2, SS_error = SS_total - SS_time - SS_subjects,
  F = (SS_time / (k-1)) / (SS_error / ((k-1)(n-1))), partial eta^2 = SS_time / (SS_time + SS_error).
* Sphericity: with C a k x p (p = k - 1) orthonormal contrast matrix and S = C' Cov(Y) C,
  Mauchly's W = det(S) / (tr(S) / p)^p, chi2 = -(n - 1 - (2p^2 + p + 2) / (6p)) ln W,
  df = p (p + 1) / 2 - 1 (Mauchly 1940). Its significance, as SPSS prints it, adds Anderson's
  (1958, sec. 10.7) second-order term: with rho = 1 - (2p^2 + p + 2) / (6p (n - 1)) and
  w2 = (p+2)(p-1)(p-2)(2p^3 + 6p^2 + 3p + 2) / (288 (p (n - 1) rho)^2),
  P = P(chi2_df > X) + w2 (P(chi2_{df+4} > X) - P(chi2_df > X)). (Field's Bushtucker data:
  chi2(5) = 11.41, Sig. = .047; the plain chi-square tail alone would give .044.)
  By default (``mauchly_form="r"``) the "3p" term of w2 uses the number of conditions k instead
  of p, which is how R's ``mauchly.test`` evaluates it and reproduces the published reference
  p = 0.046846 for the Bushtucker data; ``mauchly_form="anderson"`` uses p throughout
  (0.046773). Both print as .047 at SPSS's three decimals.
* Epsilons: Greenhouse-Geisser (Box 1954) eps = tr(S)^2 / (p tr(S^2)); Huynh-Feldt in its original
  form (Huynh & Feldt 1976) eps = (n p eps_GG - 2) / (p (n - 1 - p eps_GG)), capped at 1, which is
  what SPSS prints (not the Lecoutre 1991 revision used by R's car); lower bound 1 / p.
* Each corrected row keeps F and multiplies both dfs by epsilon.
* Pairwise comparisons with Bonferroni adjustment as GLM's EMMEANS ... COMPARE ADJ(BONFERRONI):
  for each pair the paired difference's SE = SD_d / sqrt(n), p_adj = min(1, m p) and the CI uses
  t_{1 - alpha / (2m), n - 1}, with m = k (k - 1) / 2 comparisons.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
from scipy import stats as sps

from .results import StatResult, StatsInputError, as_float_matrix, listwise

MauchlyForm = Literal["r", "anderson"]


@dataclasses.dataclass(frozen=True)
class WithinEffectRow(StatResult):
    """One row of "Tests of Within-Subjects Effects": the effect and its error term."""

    correction: str
    epsilon: float
    ss: float
    df: float
    ms: float
    f: float
    p: float
    error_ss: float
    error_df: float
    error_ms: float


@dataclasses.dataclass(frozen=True)
class PairwiseComparison(StatResult):
    level_i: str
    level_j: str
    mean_difference: float
    se: float
    p_adjusted: float
    ci_low: float
    ci_high: float


@dataclasses.dataclass(frozen=True)
class RMAnovaResult(StatResult):
    n: int
    n_dropped: int
    k: int
    levels: tuple[str, ...]
    means: tuple[float, ...]
    sds: tuple[float, ...]
    f: float
    df1: int
    df2: int
    p: float
    partial_eta_squared: float
    mauchly_w: float
    mauchly_chi2: float
    mauchly_df: int
    mauchly_p: float
    gg_epsilon: float
    hf_epsilon: float
    lb_epsilon: float
    p_gg: float
    p_hf: float
    p_lb: float
    rows: tuple[WithinEffectRow, ...]
    pairwise: tuple[PairwiseComparison, ...]
    method: str = "repeated_measures_anova"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


def orthonormal_contrasts(k: int) -> np.ndarray:
    """k x (k-1) normalised Helmert contrasts: columns orthonormal and orthogonal to the constant."""
    c = np.zeros((k, k - 1))
    for j in range(1, k):
        c[:j, j - 1] = 1.0
        c[j, j - 1] = -float(j)
        c[:, j - 1] /= math.sqrt(j * (j + 1))
    return c


def _sphericity(
    y: np.ndarray, mauchly_form: MauchlyForm = "r"
) -> tuple[float, float, int, float, float, float]:
    """Mauchly's W, its chi-square, df and p, and the GG and HF epsilons."""
    n, k = y.shape
    p = k - 1
    c = orthonormal_contrasts(k)
    s = c.T @ np.cov(y, rowvar=False, ddof=1) @ c
    tr = float(np.trace(s))
    gg = tr * tr / (p * float(np.trace(s @ s)))
    hf_denom = p * (n - 1.0 - p * gg)
    hf = min(1.0, (n * p * gg - 2.0) / hf_denom) if hf_denom > 0 else 1.0
    df = p * (p + 1) // 2 - 1
    if p == 1:
        # One contrast: sphericity holds trivially; SPSS prints W = 1, chi2 = 0, df = 0 and no p.
        return 1.0, 0.0, 0, math.nan, 1.0, 1.0
    if n - 1 < p:
        # Fewer error df than contrasts: the contrast covariance is singular and W is undefined.
        return math.nan, math.nan, df, math.nan, gg, hf
    w = float(np.linalg.det(s)) / (tr / p) ** p
    nu = n - 1.0
    rho = 1.0 - (2.0 * p * p + p + 2.0) / (6.0 * p * nu)
    chi2 = -nu * rho * math.log(w) if w > 0 else math.inf
    third = 3 * k if mauchly_form == "r" else 3 * p
    w2 = ((p + 2) * (p - 1) * (p - 2) * (2 * p**3 + 6 * p * p + third + 2)) / (288.0 * (p * nu * rho) ** 2)
    pr1, pr2 = float(sps.chi2.sf(chi2, df)), float(sps.chi2.sf(chi2, df + 4))
    return w, chi2, df, min(1.0, max(0.0, pr1 + w2 * (pr2 - pr1))), gg, hf


def rm_anova(
    columns: Sequence[Iterable[float | None]] | np.ndarray,
    levels: Sequence[str] | None = None,
    alpha: float = 0.05,
    mauchly_form: MauchlyForm = "r",
) -> RMAnovaResult:
    """One-way repeated-measures ANOVA over ``k`` columns measured on the same cases."""
    data, dropped = listwise(as_float_matrix(columns))
    n, k = data.shape
    names = tuple(levels) if levels is not None else tuple(str(i + 1) for i in range(k))
    if len(names) != k:
        raise StatsInputError("one level name is needed per column")
    if k < 2:
        raise StatsInputError("repeated-measures ANOVA needs at least 2 variables")
    if n < 2:
        raise StatsInputError("repeated-measures ANOVA needs at least 2 complete cases")
    grand = float(data.mean())
    col_means = data.mean(axis=0)
    row_means = data.mean(axis=1)
    ss_total = float(((data - grand) ** 2).sum())
    ss_time = float(n * ((col_means - grand) ** 2).sum())
    ss_subj = float(k * ((row_means - grand) ** 2).sum())
    ss_err = ss_total - ss_time - ss_subj
    df1, df2 = k - 1, (k - 1) * (n - 1)
    if ss_err <= 1e-12 * max(ss_total, 1.0):
        raise StatsInputError("the error variance is zero (constant differences), so F is undefined")
    f = (ss_time / df1) / (ss_err / df2)
    w, chi2, mdf, mp, gg, hf = _sphericity(data, mauchly_form)
    lb = 1.0 / df1
    rows = []
    for label, eps in (
        ("sphericity_assumed", 1.0),
        ("greenhouse_geisser", gg),
        ("huynh_feldt", hf),
        ("lower_bound", lb),
    ):
        d1, d2 = df1 * eps, df2 * eps
        rows.append(
            WithinEffectRow(
                correction=label,
                epsilon=eps,
                ss=ss_time,
                df=d1,
                ms=ss_time / d1,
                f=f,
                p=float(sps.f.sf(f, d1, d2)),
                error_ss=ss_err,
                error_df=d2,
                error_ms=ss_err / d2,
            )
        )
    return RMAnovaResult(
        n=int(n),
        n_dropped=dropped,
        k=int(k),
        levels=names,
        means=tuple(float(v) for v in col_means),
        sds=tuple(float(v) for v in data.std(axis=0, ddof=1)),
        f=f,
        df1=df1,
        df2=df2,
        p=rows[0].p,
        partial_eta_squared=ss_time / (ss_time + ss_err),
        mauchly_w=w,
        mauchly_chi2=chi2,
        mauchly_df=mdf,
        mauchly_p=mp,
        gg_epsilon=gg,
        hf_epsilon=hf,
        lb_epsilon=lb,
        p_gg=rows[1].p,
        p_hf=rows[2].p,
        p_lb=rows[3].p,
        rows=tuple(rows),
        pairwise=bonferroni_pairwise(data, names, alpha),
        options={
            "missing": "listwise",
            "huynh_feldt": "original (Huynh & Feldt 1976), capped at 1",
            "contrasts": "orthonormal Helmert",
            "pairwise_adjustment": "bonferroni",
            "mauchly_p": f"chi-square with second-order term, form {mauchly_form!r}",
            "alpha": alpha,
        },
    )


def bonferroni_pairwise(
    data: np.ndarray, names: Sequence[str], alpha: float = 0.05
) -> tuple[PairwiseComparison, ...]:
    """Bonferroni-adjusted pairwise comparisons of the column means of complete cases."""
    n, k = data.shape
    m = k * (k - 1) // 2
    q = float(sps.t.ppf(1.0 - alpha / (2.0 * m), n - 1))
    out = []
    for i in range(k):
        for j in range(i + 1, k):
            d = data[:, i] - data[:, j]
            md = float(d.mean())
            se = float(d.std(ddof=1)) / math.sqrt(n)
            p = float(2.0 * sps.t.sf(abs(md / se), n - 1)) if se > 0 else (1.0 if md == 0 else 0.0)
            out.append(
                PairwiseComparison(
                    level_i=names[i],
                    level_j=names[j],
                    mean_difference=md,
                    se=se,
                    p_adjusted=min(1.0, m * p),
                    ci_low=md - q * se,
                    ci_high=md + q * se,
                )
            )
    return tuple(out)
