"""Holm/Bonferroni, clinically significant change counts and the normality-based test choice."""

from __future__ import annotations

import numpy as np
import pytest

from puente.analysis.stats import adjust_pvalues, bonferroni, change_counts, choose_test, holm, shapiro_wilk


def test_holm_and_bonferroni_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.005, None]
    # Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> running max
    # 0.02, 0.03, 0.06, 0.06 (Holm 1979), back in the original order.
    h = holm(p)
    assert h.m == 4
    assert h.p_adjusted[:4] == pytest.approx((0.03, 0.06, 0.06, 0.02))
    assert np.isnan(h.p_adjusted[4])
    assert h.rejected == (True, False, False, True, False)
    b = bonferroni(p)
    assert b.p_adjusted[:4] == pytest.approx((0.04, 0.16, 0.12, 0.02))
    assert adjust_pvalues([0.5, 0.9], "bonferroni").p_adjusted == (1.0, 1.0)
    assert h.to_dict()["p_adjusted"][4] is None and h.method == "holm"


def test_change_counts_copm_by_hand() -> None:
    before = [3.0, 4.2, 5.0, 6.0, 7.0, None, 2.0]
    after = [5.0, 6.2, 6.9, 4.0, 5.5, 8.0, 2.0]
    c = change_counts(before, after, threshold=2.0)
    # Changes +2, +2.0 (float noise), +1.9, -2, -1.5, (missing), 0.
    assert (c.n, c.n_dropped, c.improved, c.unchanged, c.worsened) == (6, 1, 2, 3, 1)
    assert c.proportion_improved == pytest.approx(2 / 6)
    lower = change_counts(before, after, threshold=2.0, higher_is_better=False)
    assert (lower.improved, lower.worsened) == (1, 2)


def test_shapiro_wilk_published_example() -> None:
    # Shapiro & Wilk (1965), weights of 11 men: W = 0.79 (reported to two decimals).
    w = shapiro_wilk([148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236])
    assert round(w.w, 2) == 0.79 and w.p < 0.01 and w.n == 11


def test_choose_test_reason_codes() -> None:
    normal = [4.1, 5.0, 5.3, 4.6, 5.9, 5.1, 4.8, 5.5, 4.4, 5.2]
    skewed = [148, 154, 158, 160, 161, 162, 166, 170, 182, 195, 236]
    assert (choose_test([normal]).choice, choose_test([normal]).reason) == ("parametric", "all_normal")
    t = choose_test([normal, skewed])
    assert (t.choice, t.reason) == ("nonparametric", "non_normal")
    assert choose_test([[1, 2]]).reason == "too_few_cases"
    assert choose_test([[3, 3, 3, 3]]).reason == "constant_values"
    big = np.random.default_rng(0).exponential(size=6000)
    assert choose_test([big], large_n=5000).reason == "large_sample"
    assert t.to_dict()["checks"][1]["method"] == "shapiro_wilk"
