"""Repeated-measures ANOVA against Field's Bushtucker data and hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from puente.analysis.stats import paired_ttest, rm_anova
from puente.analysis.stats.results import StatsInputError

# Field, Discovering Statistics Using SPSS: "Bushtucker" data, 8 participants x 4 foods.
BUSHTUCKER = [
    [8, 9, 6, 5, 8, 7, 10, 12],
    [7, 5, 2, 3, 4, 5, 2, 6],
    [1, 2, 3, 1, 5, 6, 7, 8],
    [6, 5, 8, 9, 8, 7, 2, 1],
]


def test_bushtucker_reference_values() -> None:
    r = rm_anova(BUSHTUCKER)
    assert (r.n, r.df1, r.df2, r.n_dropped) == (8, 3, 21, 0)
    assert r.f == pytest.approx(3.793806, abs=5e-7)
    assert r.p == pytest.approx(0.025570, abs=5e-7)
    assert r.mauchly_w == pytest.approx(0.136248, abs=5e-7)
    assert r.mauchly_p == pytest.approx(0.046846, abs=5e-7)
    assert r.gg_epsilon == pytest.approx(0.532846, abs=5e-7)
    assert r.p_gg == pytest.approx(0.062584, abs=5e-7)
    assert r.hf_epsilon == pytest.approx(0.665764, abs=5e-7)
    assert r.partial_eta_squared == pytest.approx(0.351480, abs=5e-7)
    # As printed in Field's SPSS output: SS 83.125 and 153.375, chi2(5) = 11.41, lower bound 1/3.
    assert r.rows[0].ss == pytest.approx(83.125) and r.rows[0].error_ss == pytest.approx(153.375)
    assert round(r.mauchly_chi2, 2) == 11.41 and r.mauchly_df == 5
    assert r.lb_epsilon == pytest.approx(1 / 3)
    assert [row.correction for row in r.rows] == [
        "sphericity_assumed",
        "greenhouse_geisser",
        "huynh_feldt",
        "lower_bound",
    ]
    # Corrected rows keep F and scale both dfs by epsilon.
    hf = r.rows[2]
    assert hf.df == pytest.approx(3 * r.hf_epsilon) and hf.error_df == pytest.approx(21 * r.hf_epsilon)
    assert hf.p == pytest.approx(stats.f.sf(r.f, hf.df, hf.error_df))
    assert r.rows[3].p == pytest.approx(stats.f.sf(r.f, 1, 7))


def test_bushtucker_hand_sums_of_squares_and_epsilons() -> None:
    y = np.array(BUSHTUCKER, float).T
    n, k = y.shape
    grand = y.mean()
    ss_time = n * ((y.mean(0) - grand) ** 2).sum()
    ss_subj = k * ((y.mean(1) - grand) ** 2).sum()
    ss_err = ((y - grand) ** 2).sum() - ss_time - ss_subj
    assert ss_time == pytest.approx(83.125) and ss_err == pytest.approx(153.375)
    # GG from the double-centred covariance matrix (Greenhouse & Geisser 1959):
    s = np.cov(y, rowvar=False)
    c = s - s.mean(0) - s.mean(1)[:, None] + s.mean()
    gg = np.trace(c) ** 2 / ((k - 1) * (c**2).sum())
    r = rm_anova(BUSHTUCKER)
    assert r.gg_epsilon == pytest.approx(gg, abs=1e-12)
    # Original Huynh-Feldt (what SPSS prints) rather than Lecoutre's (n + 1) version.
    assert r.hf_epsilon == pytest.approx((n * 3 * gg - 2) / (3 * (n - 1 - 3 * gg)), abs=1e-12)


def test_bushtucker_bonferroni_pairwise_by_hand() -> None:
    r = rm_anova(BUSHTUCKER, levels=["stick_insect", "testicle", "eye", "witchetty"])
    y = np.array(BUSHTUCKER, float).T
    n, m = 8, 6
    first = r.pairwise[0]
    assert (first.level_i, first.level_j) == ("stick_insect", "testicle")
    d = y[:, 0] - y[:, 1]
    se = d.std(ddof=1) / math.sqrt(n)
    t = d.mean() / se
    assert first.mean_difference == pytest.approx(3.875)
    assert first.se == pytest.approx(se)
    assert first.p_adjusted == pytest.approx(min(1, m * 2 * stats.t.sf(abs(t), n - 1)))
    q = stats.t.ppf(1 - 0.05 / (2 * m), n - 1)
    assert (first.ci_low, first.ci_high) == (pytest.approx(3.875 - q * se), pytest.approx(3.875 + q * se))
    assert round(first.p_adjusted, 3) == 0.012
    assert all(c.p_adjusted <= 1.0 for c in r.pairwise) and len(r.pairwise) == 6


def test_listwise_deletion_reported() -> None:
    cols = [[*c, v] for c, v in zip(BUSHTUCKER, [3.0, None, 2.0, 1.0], strict=True)]
    r = rm_anova(cols)
    assert (r.n, r.n_dropped) == (8, 1)
    assert r.f == pytest.approx(3.793806, abs=5e-7)


def test_two_levels_equals_paired_t_squared() -> None:
    a, b = BUSHTUCKER[0], BUSHTUCKER[1]
    r = rm_anova([a, b])
    t = paired_ttest(a, b)
    assert r.f == pytest.approx(t.t**2) and r.p == pytest.approx(t.p)
    assert (r.mauchly_w, r.gg_epsilon, r.hf_epsilon) == (1.0, pytest.approx(1.0), 1.0)
    assert r.to_dict()["mauchly_p"] is None


def test_errors() -> None:
    with pytest.raises(StatsInputError):
        rm_anova([[1, 2, 3], [2, 3, 4]])  # constant differences: zero error variance
    with pytest.raises(StatsInputError):
        rm_anova([[1, None], [2, 3]])
