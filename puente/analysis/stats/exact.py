"""Exact null distributions for the rank tests, by dynamic programming (no enumeration of 2^n cases).

Both recursions carry probabilities rather than counts so nothing overflows for large n.
"""

from __future__ import annotations

import math

import numpy as np


def signed_rank_two_sided_p(ranks: np.ndarray, sum_positive: float) -> float:
    """Exact two-sided p for the Wilcoxon signed-rank sum, conditional on the observed (mid)ranks.

    Under H0 each non-zero difference is positive or negative with probability 1/2 independently,
    so T+ is a sum of independently included ranks. Mid-ranks are multiples of 1/2, so doubling
    them gives integer weights and the distribution of 2 T+ is built one rank at a time. That is
    the permutation distribution given the ties; without ties it is the classical table. The
    distribution is symmetric about its mean, so P = min(1, 2 min(P(T+ <= t), P(T+ >= t))).
    """
    weights = np.rint(np.asarray(ranks, dtype=float) * 2.0).astype(np.int64)
    total = int(weights.sum())
    prob = np.zeros(total + 1)
    prob[0] = 1.0
    for w in weights:
        shifted = np.zeros_like(prob)
        shifted[w:] = prob[: prob.size - w]
        prob = 0.5 * (prob + shifted)
    t2 = round(sum_positive * 2.0)
    lower = float(prob[: t2 + 1].sum())
    upper = float(prob[t2:].sum())
    return min(1.0, 2.0 * min(lower, upper))


def mann_whitney_u_cdf(n1: int, n2: int) -> np.ndarray:
    """P(U <= u) for u = 0..n1*n2 under H0 with no ties (Mann & Whitney 1947 recursion).

    p(m, n, u) = m/(m+n) p(m-1, n, u-n) + n/(m+n) p(m, n-1, u): the largest observation comes
    from the first sample with probability m/(m+n) and then beats all n of the second sample.
    """
    m_max, n_max = min(n1, n2), max(n1, n2)
    size = m_max * n_max + 1
    # prev[n] holds the distribution for (m - 1, n); start with m = 0: U is always 0.
    prev = [np.eye(1, size, 0).ravel() for _ in range(n_max + 1)]
    for m in range(1, m_max + 1):
        cur = [np.eye(1, size, 0).ravel()]  # n = 0: U is always 0
        for n in range(1, n_max + 1):
            shifted = np.zeros(size)
            shifted[n:] = prev[n][: size - n]
            cur.append((m * shifted + n * cur[n - 1]) / (m + n))
        prev = cur
    return np.cumsum(prev[n_max])


def mann_whitney_exact_two_sided_p(u_min: float, n1: int, n2: int) -> float:
    """SPSS "Exact Sig. [2*(1-tailed Sig.)]": 2 P(U <= U_obs) from the untied distribution.

    SPSS notes this is "not corrected for ties": a non-integer U (from tied mid-ranks) is compared
    with the integer support, so P(U <= 35.5) = P(U <= 35).
    """
    cdf = mann_whitney_u_cdf(n1, n2)
    k = math.floor(u_min + 1e-9)
    return min(1.0, 2.0 * float(cdf[k]))
