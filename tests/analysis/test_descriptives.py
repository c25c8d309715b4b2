"""Descriptives: SPSS "Weighted Average" (HAVERAGE) percentiles, SD with n - 1, missing counts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from puente.analysis.stats import describe, describe_long, weighted_average_percentile


def test_one_to_ten_with_missing_by_hand() -> None:
    # Hand calculation: n = 10, mean 5.5, SS = 82.5 so SD = sqrt(82.5 / 9) = 3.0276504;
    # Q1 at (n+1)p = 2.75 -> 2 + 0.75 (3 - 2) = 2.75; Q3 at 8.25 -> 8.25; median at 5.5 -> 5.5.
    d = describe([*range(1, 11), None])
    assert (d.n, d.missing) == (10, 1)
    assert d.mean == pytest.approx(5.5)
    assert d.sd == pytest.approx(math.sqrt(82.5 / 9), abs=1e-9)
    assert (d.q1, d.median, d.q3, d.iqr) == pytest.approx((2.75, 5.5, 8.25, 5.5))
    assert (d.minimum, d.maximum) == (1.0, 10.0)


def test_weighted_average_interpolation_and_ends() -> None:
    # Sorted 2, 4, 4, 5, 7, 9 (n = 6): Q1 at 1.75 -> 2 + 0.75 (4 - 2) = 3.5;
    # median at 3.5 -> 4 + 0.5 (5 - 4) = 4.5; Q3 at 5.25 -> 7 + 0.25 (9 - 7) = 7.5.
    d = describe([9, 4, 2, 7, 4, 5])
    assert (d.q1, d.median, d.q3) == pytest.approx((3.5, 4.5, 7.5))
    # With n = 2 the Q1 position 0.75 < 1 clamps to the minimum and Q3 at 2.25 to the maximum.
    assert weighted_average_percentile([3, 5], 0.25) == 3.0
    assert weighted_average_percentile([3, 5], 0.75) == 5.0
    # Same definition as Hyndman & Fan type 6 (numpy "weibull").
    x = np.array([3.1, 0.2, 7.7, 5.5, 2.4, 9.9, 4.4])
    assert weighted_average_percentile(x, 0.25) == pytest.approx(np.quantile(x, 0.25, method="weibull"))


def test_describe_long_groups_and_times() -> None:
    rows = [
        ("peer", 0, 1),
        ("peer", 0, 2),
        ("peer", 0, 3),
        ("peer", 1, 4),
        ("peer", 1, None),
        ("usual", 0, 10),
        ("usual", 0, 20),
        ("usual", 1, None),
    ]
    cells = {(c.group, c.time): c for c in describe_long(rows)}
    assert set(cells) == {("peer", 0), ("peer", 1), ("usual", 0), ("usual", 1)}
    assert (cells["peer", 0].n, cells["peer", 0].mean, cells["peer", 0].sd) == (3, 2.0, 1.0)
    assert (cells["peer", 1].n, cells["peer", 1].missing, cells["peer", 1].mean) == (1, 1, 4.0)
    assert math.isnan(cells["peer", 1].sd)
    assert cells["usual", 0].sd == pytest.approx(math.sqrt(50.0))
    assert cells["usual", 1].n == 0 and cells["usual", 1].missing == 1
    d = cells["usual", 1].to_dict()
    assert d["mean"] is None and d["options"]["quantiles"].startswith("spss_weighted_average")


def test_describe_long_matches_single_variable_and_is_fast() -> None:
    rng = np.random.default_rng(7)
    n = 300_000
    groups = rng.integers(0, 4, n)
    times = rng.integers(0, 3, n)
    vals = rng.normal(size=n)
    rows = list(zip(groups.tolist(), times.tolist(), vals.tolist(), strict=True))
    cells = describe_long(rows)
    assert len(cells) == 12
    sel = vals[(groups == 2) & (times == 1)]
    one = describe(sel)
    cell = next(c for c in cells if c.group == 2 and c.time == 1)
    assert (cell.n, cell.median, cell.q3) == (one.n, pytest.approx(one.median), pytest.approx(one.q3))
    assert cell.sd == pytest.approx(float(np.std(sel, ddof=1)))


def test_stats_package_imports_without_django() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, puente.analysis.stats as s; "
        "assert 'django' not in sys.modules, 'django imported'; "
        "assert 'statsmodels' not in sys.modules, 'statsmodels imported eagerly'"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root)
    assert done.returncode == 0, done.stderr
