"""t tests, Levene's test and effect sizes against published values and hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from puente.analysis.stats import (
    cohen_dav,
    cohen_drm,
    cohen_dz,
    hedges_g,
    hedges_j,
    independent_ttest,
    levene_mean,
    paired_ttest,
    r_from_z,
    split_two_groups,
)
from puente.analysis.stats.results import StatsInputError

# Student's (1908) sleep data, as in R's `sleep` data set; R documents the t tests below.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Lakens (2013), Frontiers in Psychology 4:863, Table 1: ratings of two movies by 10 people.
MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]


def test_paired_sleep_matches_r() -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE)
    # t = -4.0621, df = 9, p-value = 0.002833, 95 % CI -2.4598858 -0.7001142, mean diff -1.58.
    r = paired_ttest(SLEEP_1, SLEEP_2)
    assert (r.n, r.df, r.n_dropped) == (10, 9, 0)
    assert r.mean_difference == pytest.approx(-1.58, abs=1e-12)
    assert r.t == pytest.approx(-4.0621, abs=5e-5)
    assert r.p == pytest.approx(0.002833, abs=5e-7)
    assert r.ci_low == pytest.approx(-2.4598858, abs=5e-8)
    assert r.ci_high == pytest.approx(-0.7001142, abs=5e-8)


def test_paired_drops_incomplete_pairs() -> None:
    r = paired_ttest([*SLEEP_1, None, 1.0], [*SLEEP_2, 2.0, None])
    assert (r.n, r.n_dropped) == (10, 2)
    assert r.t == pytest.approx(-4.0621, abs=5e-5)


def test_independent_sleep_pooled_and_welch_match_r() -> None:
    # R: t.test(extra ~ group, data = sleep, var.equal = TRUE)
    #   t = -1.8608, df = 18, p-value = 0.07919, 95 % CI -3.363874 0.203874
    # R: t.test(extra ~ group, data = sleep)  (Welch)
    #   t = -1.8608, df = 17.776, p-value = 0.07939, 95 % CI -3.3654832 0.2054832
    r = independent_ttest(SLEEP_1, SLEEP_2)
    assert (r.t, r.df, r.p) == (pytest.approx(-1.8608, abs=5e-5), 18.0, pytest.approx(0.07919, abs=5e-6))
    assert (r.ci_low, r.ci_high) == (pytest.approx(-3.363874, abs=5e-7), pytest.approx(0.203874, abs=5e-7))
    assert r.welch_t == pytest.approx(-1.8608, abs=5e-5)
    assert r.welch_df == pytest.approx(17.776, abs=5e-4)
    assert r.welch_p == pytest.approx(0.07939, abs=5e-6)
    assert r.welch_ci_low == pytest.approx(-3.3654832, abs=5e-8)
    assert r.welch_ci_high == pytest.approx(0.2054832, abs=5e-8)


def test_levene_mean_centred_by_hand() -> None:
    # Groups 1,2,3 and 2,4,9: |x - mean| = (1,0,1) and (3,1,4), means 2/3 and 8/3, grand mean 5/3.
    # SS_between = 3 (1)^2 + 3 (1)^2 = 6; SS_within = 2/3 + 14/3 = 16/3; F = 6 / ((16/3) / 4) = 4.5.
    # F(1, 4) = t(4)^2; for 4 df P(|T| <= t) = sqrt(x) (3 - x) / 2 with x = t^2 / (t^2 + 4).
    x = 4.5 / 8.5
    expected_p = 1 - math.sqrt(x) * (3 - x) / 2
    lev = levene_mean(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 9.0]))
    assert (lev.f, lev.df1, lev.df2) == (pytest.approx(4.5), 1, 4)
    assert lev.p == pytest.approx(expected_p, abs=1e-10)
    assert lev.options == {"center": "mean"}


def test_lakens_movie_effect_sizes() -> None:
    # Lakens (2013) reports t(9) = 4.74, d_z = 1.50, d_av = 1.13, d_s = 1.13 and g_s = 1.08.
    # Hand: differences 0,1,1,1,1,0,1,2,1,2: mean 1, SD sqrt(4/9) = 2/3 so d_z = 1.5 exactly;
    # SD_1 = sqrt(6.1/9), SD_2 = sqrt(8.1/9); cross-products of deviations sum to 5.1, so
    # r = 5.1 / sqrt(6.1 * 8.1) and SD_1^2 + SD_2^2 - 2 r SD_1 SD_2 = (6.1 + 8.1 - 10.2) / 9 = 4/9.
    sd1, sd2 = math.sqrt(6.1 / 9), math.sqrt(8.1 / 9)
    r = 5.1 / math.sqrt(6.1 * 8.1)
    pt = paired_ttest(MOVIE_1, MOVIE_2)
    assert pt.t == pytest.approx(4.74, abs=5e-3)
    assert pt.cohen_dz == pytest.approx(1.5, abs=1e-12)
    assert pt.cohen_dav == pytest.approx(1.0 / ((sd1 + sd2) / 2), abs=1e-12)
    assert round(pt.cohen_dav, 2) == 1.13
    d_rm = 1.0 / math.sqrt(sd1**2 + sd2**2 - 2 * r * sd1 * sd2) * math.sqrt(2 * (1 - r))
    assert pt.cohen_drm == pytest.approx(d_rm, abs=1e-12)
    it = independent_ttest(MOVIE_1, MOVIE_2, hedges_correction="approximate")
    d_s = 1.0 / math.sqrt((6.1 + 8.1) / 18)
    assert it.cohen_ds == pytest.approx(d_s, abs=1e-12)
    assert round(it.cohen_ds, 2) == 1.13
    # Lakens eq. 4: g_s = d_s (1 - 3 / (4 (n1 + n2) - 9)).
    assert it.hedges_g == pytest.approx(d_s * (1 - 3 / 71), abs=1e-12)
    assert round(it.hedges_g, 2) == 1.08


def test_hedges_exact_correction_by_hand() -> None:
    # J(18) = Gamma(9) / (3 Gamma(8.5)); Gamma(9) = 40320, Gamma(8.5) = (2027025 / 256) sqrt(pi).
    j = 40320 / (3 * 2027025 / 256 * math.sqrt(math.pi))
    assert hedges_j(18) == pytest.approx(j, abs=1e-12)
    assert hedges_j(18, "approximate") == pytest.approx(1 - 3 / 71, abs=1e-15)
    g = hedges_g(1.0, 18)
    assert (g.name, g.options["correction"]) == ("hedges_g", "exact")
    assert independent_ttest(MOVIE_1, MOVIE_2).hedges_g == pytest.approx(j / math.sqrt(14.2 / 18))


def test_effect_size_records_name_their_formula() -> None:
    assert cohen_dz(1.0, 0.5).to_dict()["name"] == "cohen_dz"
    assert "Lakens" in cohen_dav(1, 1, 1).method
    assert cohen_drm(1, 1, 1, 0.5).options == {"r": 0.5}
    r = r_from_z(-2.0, 16, "observations")
    assert r.value == -0.5 and r.options["n_counts"] == "observations"


def test_split_two_groups_and_errors() -> None:
    a, b, labels, dropped = split_two_groups([1, 2, 3, 4, 5], ["x", "y", "x", "", "y"])
    assert labels == ("x", "y") and dropped == 1 and list(a) == [1, 3] and list(b) == [2, 5]
    with pytest.raises(StatsInputError):
        split_two_groups([1, 2, 3], ["x", "y", "z"])
    with pytest.raises(StatsInputError):
        paired_ttest([1, 2, 3], [2, 3, 4])  # constant differences
    with pytest.raises(StatsInputError):
        independent_ttest([1], [2, 3])
