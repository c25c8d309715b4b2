"""Wilcoxon signed-rank, Mann-Whitney U and Friedman against published output and hand counts."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.stats import norm

from puente.analysis.stats import friedman, mann_whitney_u, wilcoxon_signed_rank
from puente.analysis.stats.results import StatsInputError

# Hollander & Wolfe (1973, p. 29) depression scores, the example in R's ?wilcox.test:
# wilcox.test(x, y, paired = TRUE, alternative = "greater") gives V = 40, p-value = 0.01953.
HW_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
HW_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]


def test_wilcoxon_no_ties_matches_r_and_hand() -> None:
    r = wilcoxon_signed_rank(before=HW_Y, after=HW_X)
    assert (r.n, r.n_positive, r.n_negative, r.n_ties) == (9, 7, 2, 0)
    assert (r.sum_positive_ranks, r.sum_negative_ranks) == (40.0, 5.0)
    # Exact two-sided = 2 x R's one-sided 0.01953 (= 5/256), i.e. 10/256.
    assert r.p_exact == pytest.approx(0.0390625, abs=1e-12)
    # Hand: Z = (5 - 9*10/4) / sqrt(9*10*19/24) = -17.5 / sqrt(71.25).
    z = -17.5 / math.sqrt(71.25)
    assert r.z == pytest.approx(z, abs=1e-12)
    assert round(r.z, 4) == -2.0732
    assert r.p == pytest.approx(2 * norm.cdf(z), abs=1e-12)
    assert round(r.p, 4) == 0.0382
    # r = Z / sqrt(N) with N = 2 x 9 observations (Field's and Pallant's convention).
    assert r.r == pytest.approx(z / math.sqrt(18))
    assert wilcoxon_signed_rank(HW_Y, HW_X, r_n="pairs").r == pytest.approx(z / 3)


def test_wilcoxon_ties_zeros_and_missing_by_hand() -> None:
    before = [10, 10, 10, 10, 10, 10, 10, 10, None, 4]
    after = [12, 8, 10, 13, 13, 7, 15, 10, 9, None]
    r = wilcoxon_signed_rank(before, after)
    # Differences 2,-2,0,3,3,-3,5,0: two zeros dropped; |d| = 2,2,3,3,3,5 get ranks 1.5,1.5,4,4,4,6.
    assert (r.n, r.n_dropped, r.n_ties, r.n_positive, r.n_negative) == (8, 2, 2, 4, 2)
    assert (r.sum_positive_ranks, r.sum_negative_ranks) == (15.5, 5.5)
    # var = 6*7*13/24 - ((2^3-2) + (3^3-3))/48 = 22.75 - 0.625 = 22.125; Z = (5.5 - 10.5)/sqrt(var).
    z = -5.0 / math.sqrt(22.125)
    assert r.z == pytest.approx(z, abs=1e-12)
    assert round(r.z, 4) == -1.0630
    assert r.r == pytest.approx(z / 4.0)  # N = 2 x 8 complete pairs
    # Exact permutation p given the ties: enumerate all 2^6 sign patterns of the mid-ranks.
    ranks = [1.5, 1.5, 4, 4, 4, 6]
    sums = [
        sum(rk for rk, s in zip(ranks, signs, strict=True) if s)
        for signs in itertools.product([0, 1], repeat=6)
    ]
    lower = sum(s <= 15.5 for s in sums) / 64
    upper = sum(s >= 15.5 for s in sums) / 64
    assert r.p_exact == pytest.approx(min(1.0, 2 * min(lower, upper)), abs=1e-12)


def test_wilcoxon_errors_and_exact_limit() -> None:
    with pytest.raises(StatsInputError):
        wilcoxon_signed_rank([1, 2, 3], [1, 2, 3])
    with pytest.raises(StatsInputError):
        wilcoxon_signed_rank([1], [2])
    rng = np.random.default_rng(1)
    a = rng.normal(size=200_000)
    big = wilcoxon_signed_rank(a, a + rng.normal(0.01, 1, a.size))
    assert big.p_exact is None and big.to_dict()["p_exact"] is None


# Howell, Statistical Methods for Psychology, Table 20.1 (stressful life events), with the SPSS
# output reproduced in the accompanying SPSS manual: rank sums 45 and 21, Mann-Whitney U = 6.000,
# Wilcoxon W = 21.000, Z = -1.647, Asymp. Sig. = .100, Exact Sig. [2*(1-tailed Sig.)] = .126
# (footnote "Not corrected for ties").
HOWELL_CARDIAC = [32, 8, 7, 29, 5, 0]
HOWELL_ORTHO = [1, 2, 2, 3, 6]


def test_mann_whitney_matches_spss_output() -> None:
    r = mann_whitney_u(HOWELL_CARDIAC, HOWELL_ORTHO)
    assert (r.n1, r.n2, r.sum_ranks1, r.sum_ranks2) == (6, 5, 45.0, 21.0)
    assert (r.mean_rank1, r.mean_rank2) == (7.5, 4.2)
    assert (r.u, r.w) == (6.0, 21.0)
    assert (round(r.z, 3), round(r.p, 3), round(r.p_exact, 3)) == (-1.647, 0.100, 0.126)
    # Hand: N = 11, one pair of tied 2s (t^3 - t = 6):
    # var = 30 / (11 * 10) * ((11^3 - 11)/12 - 6/12) = 30/110 * 109.5; Z = (6 - 15) / sqrt(var).
    z = -9 / math.sqrt(30 / 110 * 109.5)
    assert r.z == pytest.approx(z, abs=1e-12)
    # Exact, untied: count the C(11, 5) = 462 rank subsets for the smaller group with U <= 6.
    us = [sum(c) - 15 for c in itertools.combinations(range(1, 12), 5)]
    assert r.p_exact == pytest.approx(2 * sum(u <= 6 for u in us) / 462, abs=1e-12)
    assert r.r == pytest.approx(z / math.sqrt(11))


def test_mann_whitney_exact_matches_r_documentation() -> None:
    # Hollander & Wolfe (1973, p. 69), R's ?wilcox.test: wilcox.test(x, y, alternative = "g")
    # gives W = 35, p-value = 0.1272, so the exact two-sided p is 0.2544.
    x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    y = [1.15, 0.88, 0.90, 0.74, 1.21]
    r = mann_whitney_u(x, y)
    assert r.u == 15.0 and r.w == 30.0  # R's W = U1 = 35; U = min(35, 15)
    assert r.p_exact == pytest.approx(0.2544, abs=5e-5)


def test_mann_whitney_tie_corrected_variance_matches_nag() -> None:
    # NAG Library g08ahf example: n1 = 16, n2 = 23 with many ties: U = 86, normal statistic
    # -2.8039, which NAG computes with a 0.5 continuity correction; our Z has none, so check that
    # the same tie-corrected SD gives NAG's value once the 0.5 is added back.
    g1 = [13, 6, 12, 7, 12, 7, 10, 7, 10, 7, 16, 7, 10, 8, 9, 8]
    g2 = [17, 6, 10, 8, 15, 8, 15, 10, 15, 10, 14, 10, 14, 11, 14, 11, 13, 12, 13, 12, 13, 12, 12]
    r = mann_whitney_u(g1, g2, exact_max_n=40)
    assert r.u == 86.0 and r.w == 222.0
    sd = (r.u - 16 * 23 / 2) / r.z
    assert (r.u + 0.5 - 16 * 23 / 2) / sd == pytest.approx(-2.8039, abs=5e-5)
    assert r.p_exact is not None  # 39 cases <= SPSS's limit of 40


def test_mann_whitney_w_equal_groups_and_missing() -> None:
    r = mann_whitney_u([1, 2, 3, None], [4, 5, 6], labels=("a", "b"))
    assert (r.n1, r.n2, r.n_dropped, r.u, r.w) == (3, 3, 1, 0.0, 6.0)
    with pytest.raises(StatsInputError):
        mann_whitney_u([1, 1], [1, 1])


# Hollander & Wolfe (1973, p. 140ff) rounding-first-base times, the example in R's
# ?friedman.test: Friedman chi-squared = 11.143, df = 2, p-value = 0.003805.
ROUNDING = np.array(
    [
        [5.40, 5.50, 5.55],
        [5.85, 5.70, 5.75],
        [5.20, 5.60, 5.50],
        [5.55, 5.50, 5.40],
        [5.90, 5.85, 5.70],
        [5.45, 5.55, 5.60],
        [5.40, 5.40, 5.35],
        [5.45, 5.50, 5.35],
        [5.25, 5.15, 5.00],
        [5.85, 5.80, 5.70],
        [5.25, 5.20, 5.10],
        [5.65, 5.55, 5.45],
        [5.60, 5.35, 5.45],
        [5.05, 5.00, 4.95],
        [5.50, 5.50, 5.40],
        [5.45, 5.55, 5.50],
        [5.55, 5.55, 5.35],
        [5.45, 5.50, 5.55],
        [5.50, 5.45, 5.25],
        [5.65, 5.60, 5.40],
        [5.70, 5.65, 5.55],
        [6.30, 6.30, 6.25],
    ]
)


def test_friedman_matches_r_with_ties() -> None:
    r = friedman(ROUNDING)
    assert (r.n, r.k, r.df) == (22, 3, 2)
    assert r.chi2 == pytest.approx(11.143, abs=5e-4)
    assert r.chi2 == pytest.approx(78 / 7, abs=1e-10)  # exact value of the tie-corrected statistic
    assert r.p == pytest.approx(0.003805, abs=5e-7)
    assert r.kendall_w == pytest.approx(78 / 7 / 44, abs=1e-12)


def test_friedman_hand_and_listwise() -> None:
    # 3 cases x 3 conditions, no ties, every case ranks c < b < a: R = (9, 6, 3).
    # chi2 = 12 (81 + 36 + 9) / (3*3*4) - 3*3*4 = 42 - 36 = 6; W = 6 / (3 * 2) = 1.
    data = [[3, 6, 9, None], [2, 5, 8, 1], [1, 4, 7, 1]]
    r = friedman(data)
    assert (r.n, r.n_dropped, r.chi2, r.kendall_w) == (3, 1, pytest.approx(6.0), pytest.approx(1.0))
    assert r.p == pytest.approx(math.exp(-3.0))  # chi-square with 2 df: P = exp(-x/2)
    assert r.mean_ranks == (3.0, 2.0, 1.0)
    with pytest.raises(StatsInputError):
        friedman([[1, 2], [1, 2]])  # every case ties across the two columns
