"""Rank tests as SPSS NPAR TESTS prints them: Wilcoxon signed-rank, Mann-Whitney U and Friedman.

Common conventions (SPSS Statistics Algorithms, NPAR TESTS):
* mid-ranks for ties; tie-corrected variances; no continuity correction; asymptotic two-sided p
  from the standard normal (or chi-square for Friedman);
* Z is computed from the smaller rank statistic, so it is never positive, as SPSS prints it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
from scipy import stats as sps

from .effect_sizes import r_from_z
from .exact import mann_whitney_exact_two_sided_p, signed_rank_two_sided_p
from .results import StatResult, StatsInputError, as_float_array, as_float_matrix, listwise

RNMeaning = Literal["observations", "pairs"]


@dataclasses.dataclass(frozen=True)
class WilcoxonResult(StatResult):
    n: int
    n_dropped: int
    n_positive: int
    n_negative: int
    n_ties: int
    sum_positive_ranks: float
    sum_negative_ranks: float
    z: float
    p: float
    p_exact: float | None
    r: float
    method: str = "wilcoxon_signed_rank"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class MannWhitneyResult(StatResult):
    group1: Any
    group2: Any
    n1: int
    n2: int
    n_dropped: int
    mean_rank1: float
    mean_rank2: float
    sum_ranks1: float
    sum_ranks2: float
    u: float
    w: float
    z: float
    p: float
    p_exact: float | None
    r: float
    method: str = "mann_whitney_u"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class FriedmanResult(StatResult):
    n: int
    n_dropped: int
    k: int
    mean_ranks: tuple[float, ...]
    chi2: float
    df: int
    p: float
    kendall_w: float
    method: str = "friedman"
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


def _tie_sum(sorted_values: np.ndarray) -> float:
    """Sum of (t^3 - t) over groups of tied values in an already sorted 1-D array."""
    if sorted_values.size == 0:
        return 0.0
    _, counts = np.unique(sorted_values, return_counts=True)
    counts = counts.astype(float)
    return float((counts**3 - counts).sum())


def wilcoxon_signed_rank(
    before: Iterable[float | None],
    after: Iterable[float | None],
    exact_max_n: int = 50,
    r_n: RNMeaning = "observations",
) -> WilcoxonResult:
    """Wilcoxon signed-rank test for paired data, as SPSS's "Wilcoxon Signed Ranks Test".

    Differences are after - before (SPSS prints "B - A" for the pair A, B). Pairs with a missing
    value are dropped (``n_dropped``); zero differences are dropped from the ranking (``n_ties``),
    the absolute non-zero differences get mid-ranks, and with T the smaller rank sum:
    Z = (T - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), no continuity correction.
    ``n`` is the number of complete pairs (SPSS's "Total"). ``p_exact`` is the exact permutation
    p given the observed tie pattern, computed when the non-zero differences are at most
    ``exact_max_n``. ``r = Z / sqrt(N)`` with N = 2n observations (Field; Pallant) by default, or
    N = n pairs with ``r_n="pairs"``.
    """
    a, b = as_float_array(before, "before"), as_float_array(after, "after")
    if a.size != b.size:
        raise StatsInputError("before and after must have the same number of cases")
    keep = ~(np.isnan(a) | np.isnan(b))
    d = b[keep] - a[keep]
    n_pairs = int(d.size)
    if n_pairs < 2:
        raise StatsInputError("the Wilcoxon test needs at least 2 complete pairs")
    nonzero = d[d != 0]
    m = int(nonzero.size)
    if m == 0:
        raise StatsInputError("all differences are zero, so the Wilcoxon test is undefined")
    absd = np.abs(nonzero)
    ranks = sps.rankdata(absd, method="average")
    pos = nonzero > 0
    s_pos, s_neg = float(ranks[pos].sum()), float(ranks[~pos].sum())
    var = m * (m + 1) * (2 * m + 1) / 24.0 - _tie_sum(np.sort(absd)) / 48.0
    t = min(s_pos, s_neg)
    z = (t - m * (m + 1) / 4.0) / math.sqrt(var) if var > 0 else math.nan
    p = float(2.0 * sps.norm.cdf(z)) if math.isfinite(z) else math.nan
    p_exact = signed_rank_two_sided_p(ranks, s_pos) if m <= exact_max_n else None
    n_for_r = 2 * n_pairs if r_n == "observations" else n_pairs
    return WilcoxonResult(
        n=n_pairs,
        n_dropped=int((~keep).sum()),
        n_positive=int(pos.sum()),
        n_negative=int((~pos).sum()),
        n_ties=n_pairs - m,
        sum_positive_ranks=s_pos,
        sum_negative_ranks=s_neg,
        z=z,
        p=min(p, 1.0),
        p_exact=p_exact,
        r=r_from_z(z, n_for_r, r_n).value,
        options={
            "difference": "after - before",
            "zero_differences": "dropped",
            "ties": "mid-ranks",
            "continuity_correction": False,
            "exact": f"conditional on ties, when non-zero n <= {exact_max_n}",
            "exact_max_n": exact_max_n,
            "r_n": r_n,
        },
    )


def mann_whitney_u(
    group1: Iterable[float | None],
    group2: Iterable[float | None],
    labels: Sequence[Any] = ("1", "2"),
    exact_max_n: int = 40,
    n_dropped: int = 0,
) -> MannWhitneyResult:
    """Mann-Whitney U test as SPSS's "Mann-Whitney Test" table.

    U = min(U1, U2) with U1 = R1 - n1(n1+1)/2. Wilcoxon W is the rank sum of the smaller group
    (IBM SPSS NPAR TESTS M-W command reference: "the rank sum of the smaller group"; checked
    against SPSS output for Howell's Table 20.1, W = 21 for the group of 5). The reference does not
    say which sum is printed when the groups are the same size; we then report the smaller rank
    sum, as SPSS tutorials describe W ("the smallest sum of rank numbers"). Z uses the
    tie-corrected variance n1 n2 / (N (N-1)) * ((N^3 - N)/12 - sum(t^3 - t)/12), without
    continuity correction.
    ``p_exact`` is SPSS's "Exact Sig. [2*(1-tailed Sig.)]" from the untied U distribution
    (not corrected for ties), computed, as SPSS does, when there are at most ``exact_max_n``
    (default 40) cases. ``r = Z / sqrt(n1 + n2)``.
    """
    x, y = as_float_array(group1, "group1"), as_float_array(group2, "group2")
    dropped = n_dropped + int(np.isnan(x).sum() + np.isnan(y).sum())
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    n1, n2 = int(x.size), int(y.size)
    if n1 < 1 or n2 < 1 or n1 + n2 < 3:
        raise StatsInputError("the Mann-Whitney test needs cases in both groups and at least 3 in all")
    pooled = np.concatenate((x, y))
    ranks = sps.rankdata(pooled, method="average")
    r1, r2 = float(ranks[:n1].sum()), float(ranks[n1:].sum())
    u1 = r1 - n1 * (n1 + 1) / 2.0
    u = min(u1, n1 * n2 - u1)
    # SPSS: rank sum of the smaller group; equal sizes fall back to the smaller rank sum.
    w = (r1 if n1 < n2 else r2) if n1 != n2 else min(r1, r2)
    big_n = n1 + n2
    var = n1 * n2 / (big_n * (big_n - 1.0)) * ((big_n**3 - big_n) / 12.0 - _tie_sum(np.sort(pooled)) / 12.0)
    if var <= 0:
        raise StatsInputError("all values are equal, so the Mann-Whitney test is undefined")
    z = (u - n1 * n2 / 2.0) / math.sqrt(var)
    p = min(1.0, float(2.0 * sps.norm.cdf(z)))
    p_exact = mann_whitney_exact_two_sided_p(u, n1, n2) if big_n <= exact_max_n else None
    return MannWhitneyResult(
        group1=labels[0],
        group2=labels[1],
        n1=n1,
        n2=n2,
        n_dropped=dropped,
        mean_rank1=r1 / n1,
        mean_rank2=r2 / n2,
        sum_ranks1=r1,
        sum_ranks2=r2,
        u=u,
        w=w,
        z=z,
        p=p,
        p_exact=p_exact,
        r=r_from_z(z, big_n, "observations").value,
        options={
            "ties": "mid-ranks",
            "continuity_correction": False,
            "w": "rank sum of the smaller group; smaller rank sum when sizes are equal",
            "exact": "2 * one-tailed, untied distribution (not corrected for ties)",
            "exact_max_n": exact_max_n,
        },
    )


def friedman(columns: Sequence[Iterable[float | None]] | np.ndarray) -> FriedmanResult:
    """Friedman two-way ANOVA by ranks with tie correction, plus Kendall's W.

    Ranks within each case (mid-ranks for ties); with R_j the column rank sums,
    chi2 = (12 sum R_j^2 - 3 n^2 k (k+1)^2) / (n k (k+1) - sum(t^3 - t) / (k - 1)), df = k - 1,
    and W = chi2 / (n (k - 1)) (identical to SPSS's tie-corrected Kendall's W). Cases with any
    missing value are dropped (listwise).
    """
    data, dropped = listwise(as_float_matrix(columns))
    n, k = data.shape
    if k < 2:
        raise StatsInputError("the Friedman test needs at least 2 variables")
    if n < 2:
        raise StatsInputError("the Friedman test needs at least 2 complete cases")
    ranks = sps.rankdata(data, axis=1, method="average")
    rsum = ranks.sum(axis=0)
    # Tie groups within each row, vectorised: run lengths of equal values in row-sorted data.
    srt = np.sort(data, axis=1)
    new_run = np.ones_like(srt, dtype=bool)
    new_run[:, 1:] = srt[:, 1:] != srt[:, :-1]
    run_id = np.cumsum(new_run.ravel())
    t = np.bincount(run_id).astype(float)
    ties = float((t**3 - t).sum())
    denom = n * k * (k + 1) - ties / (k - 1)
    if denom <= 0:
        raise StatsInputError("every case has the same value in all variables")
    chi2 = (12.0 * float((rsum**2).sum()) - 3.0 * n * n * k * (k + 1) ** 2) / denom
    df = k - 1
    return FriedmanResult(
        n=int(n),
        n_dropped=dropped,
        k=int(k),
        mean_ranks=tuple(float(v) for v in rsum / n),
        chi2=chi2,
        df=df,
        p=float(sps.chi2.sf(chi2, df)),
        kendall_w=chi2 / (n * (k - 1)),
        options={"ties": "mid-ranks within case, tie-corrected", "missing": "listwise"},
    )
