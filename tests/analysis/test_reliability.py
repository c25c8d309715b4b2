"""Cronbach's alpha and item-total statistics by hand calculation."""

from __future__ import annotations

import math

import pytest

from puente.analysis.stats import cronbach_alpha
from puente.analysis.stats.results import StatsInputError

Q1 = [1, 2, 3, 4, 5]
Q2 = [2, 2, 3, 5, 4]
Q3 = [1, 3, 3, 4, 5]


def _r(x: list[float], y: list[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def test_alpha_by_hand_with_missing_case() -> None:
    # Item variances 2.5, 1.7, 2.2 (sum 6.4); totals 4, 7, 9, 13, 14 have variance 17.3.
    # alpha = 3/2 (1 - 6.4 / 17.3) = 0.9450867...
    r = cronbach_alpha([[*Q1, 3], [*Q2, None], [*Q3, 2]], items=["q1", "q2", "q3"])
    assert (r.n_cases, r.n_dropped, r.n_items) == (5, 1, 3)
    assert r.alpha == pytest.approx(1.5 * (1 - 6.4 / 17.3), abs=1e-12)
    assert round(r.alpha, 4) == 0.9451
    rbar = (_r(Q1, Q2) + _r(Q1, Q3) + _r(Q2, Q3)) / 3
    assert r.alpha_standardized == pytest.approx(3 * rbar / (1 + 2 * rbar), abs=1e-12)
    item = r.items[0]
    rest = [b + c for b, c in zip(Q2, Q3, strict=True)]  # 3, 5, 6, 9, 9: mean 6.4, variance 6.8
    assert item.item == "q1"
    assert item.scale_mean_if_deleted == pytest.approx(6.4)
    assert item.scale_variance_if_deleted == pytest.approx(6.8)
    assert item.corrected_item_total_r == pytest.approx(_r(Q1, rest), abs=1e-12)
    # Alpha without q1: 2 (1 - (1.7 + 2.2) / 6.8) = 0.8529412.
    assert item.alpha_if_deleted == pytest.approx(2 * (1 - 3.9 / 6.8), abs=1e-12)


def test_alpha_errors() -> None:
    with pytest.raises(StatsInputError):
        cronbach_alpha([Q1, [3, 3, 3, 3, 3]])
    with pytest.raises(StatsInputError):
        cronbach_alpha([Q1])
    d = cronbach_alpha([Q1, Q2]).to_dict()
    assert d["items"][0]["alpha_if_deleted"] is None and d["options"] == {"missing": "listwise"}
