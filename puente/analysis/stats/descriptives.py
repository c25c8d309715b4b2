"""Descriptive statistics as SPSS EXAMINE prints them, for one variable or by group and time point.

Quartiles use SPSS's default "Weighted Average" (HAVERAGE) definition: the p-th percentile sits at
position w = (n + 1) p of the sorted values; with k = floor(w) and g = w - k it is
(1 - g) x[k] + g x[k+1] (1-based), clamped to the minimum when w < 1 and the maximum when w >= n.
This is Hyndman & Fan's type 6 and numpy's ``method="weibull"``. Standard deviations use n - 1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np

from .results import StatResult, as_float_array

QUANTILE_METHOD = "spss_weighted_average_(n+1)p"


@dataclasses.dataclass(frozen=True)
class Descriptives(StatResult):
    n: int
    missing: int
    mean: float
    sd: float
    median: float
    q1: float
    q3: float
    iqr: float
    minimum: float
    maximum: float
    method: str = "descriptives"
    options: dict[str, Any] = dataclasses.field(default_factory=lambda: {"quantiles": QUANTILE_METHOD})


@dataclasses.dataclass(frozen=True)
class CellDescriptives(Descriptives):
    """Descriptives of one (group, time point) cell of long-format data."""

    group: Any = None
    time: Any = None


def _weighted_average_quantile(
    sorted_vals: np.ndarray, starts: np.ndarray, counts: np.ndarray, p: float
) -> np.ndarray:
    """Vectorised SPSS HAVERAGE percentile for many sorted segments of one flat array."""
    out = np.full(counts.shape, np.nan)
    ok = counts > 0
    n = counts[ok].astype(float)
    w = (n + 1.0) * p
    k = np.floor(w)
    g = w - k
    # Clamp the 1-based positions to [1, n]; the interpolation weight is irrelevant at the ends.
    lo = np.clip(k, 1, n).astype(np.int64) - 1
    hi = np.clip(k + 1, 1, n).astype(np.int64) - 1
    g = np.where(k < 1, 0.0, np.where(k >= n, 0.0, g))
    base = starts[ok]
    out[ok] = (1.0 - g) * sorted_vals[base + lo] + g * sorted_vals[base + hi]
    return out


def weighted_average_percentile(values: Iterable[float], p: float) -> float:
    """One percentile (0 < p < 1) by SPSS's Weighted Average definition, ignoring missing values."""
    arr = as_float_array(values)
    arr = np.sort(arr[~np.isnan(arr)])
    res = _weighted_average_quantile(arr, np.array([0]), np.array([arr.size]), p)
    return float(res[0])


def _segment_stats(vals: np.ndarray, codes: np.ndarray, n_cells: int) -> dict[str, np.ndarray]:
    """Per-cell statistics for non-missing ``vals`` labelled by integer ``codes`` (0..n_cells-1)."""
    order = np.lexsort((vals, codes))
    sv, sc = vals[order], codes[order]
    counts = np.bincount(sc, minlength=n_cells)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sums = np.bincount(sc, weights=sv, minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
        dev2 = np.bincount(sc, weights=(sv - means[sc]) ** 2, minlength=n_cells)
        sd = np.sqrt(dev2 / (counts - 1))
    sd = np.where(counts > 1, sd, np.nan)
    means = np.where(counts > 0, means, np.nan)
    safe_start = np.minimum(starts, max(sv.size - 1, 0))
    safe_end = np.minimum(starts + counts - 1, max(sv.size - 1, 0))
    has = counts > 0
    mins = np.where(has, sv[safe_start] if sv.size else np.nan, np.nan)
    maxs = np.where(has, sv[safe_end] if sv.size else np.nan, np.nan)
    q1 = _weighted_average_quantile(sv, starts, counts, 0.25)
    med = _weighted_average_quantile(sv, starts, counts, 0.5)
    q3 = _weighted_average_quantile(sv, starts, counts, 0.75)
    return {
        "n": counts,
        "mean": means,
        "sd": sd,
        "median": med,
        "q1": q1,
        "q3": q3,
        "minimum": mins,
        "maximum": maxs,
    }


def describe(values: Iterable[float | None]) -> Descriptives:
    """Descriptives of one variable; missing values (None/NaN) are counted and excluded."""
    arr = as_float_array(values)
    miss = np.isnan(arr)
    ok = arr[~miss]
    s = _segment_stats(ok, np.zeros(ok.size, dtype=np.int64), 1)
    return Descriptives(
        n=int(s["n"][0]),
        missing=int(miss.sum()),
        mean=float(s["mean"][0]),
        sd=float(s["sd"][0]),
        median=float(s["median"][0]),
        q1=float(s["q1"][0]),
        q3=float(s["q3"][0]),
        iqr=float(s["q3"][0] - s["q1"][0]),
        minimum=float(s["minimum"][0]),
        maximum=float(s["maximum"][0]),
    )


def describe_long(rows: Iterable[tuple[Any, Any, float | None]]) -> list[CellDescriptives]:
    """Descriptives per (group, time) cell from long-format rows ``(group, time, value)``.

    Vectorised: one sort and a few ``bincount`` passes, so hundreds of thousands of rows take
    well under a second. Cells come back sorted by group then time.
    """
    rows = list(rows)
    if not rows:
        return []
    groups = np.array([r[0] for r in rows], dtype=object)
    times = np.array([r[1] for r in rows], dtype=object)
    vals = as_float_array([r[2] for r in rows])
    keys = sorted(
        {(g, t) for g, t in zip(groups.tolist(), times.tolist(), strict=True)},
        key=lambda gt: (str(type(gt[0])), gt[0], str(type(gt[1])), gt[1]),
    )
    index = {k: i for i, k in enumerate(keys)}
    codes = np.fromiter(
        (index[(g, t)] for g, t in zip(groups.tolist(), times.tolist(), strict=True)),
        dtype=np.int64,
        count=len(rows),
    )
    miss = np.isnan(vals)
    missing = np.bincount(codes[miss], minlength=len(keys))
    s = _segment_stats(vals[~miss], codes[~miss], len(keys))
    out: list[CellDescriptives] = []
    for i, (g, t) in enumerate(keys):
        out.append(
            CellDescriptives(
                n=int(s["n"][i]),
                missing=int(missing[i]),
                mean=float(s["mean"][i]),
                sd=float(s["sd"][i]),
                median=float(s["median"][i]),
                q1=float(s["q1"][i]),
                q3=float(s["q3"][i]),
                iqr=float(s["q3"][i] - s["q1"][i]),
                minimum=float(s["minimum"][i]),
                maximum=float(s["maximum"][i]),
                group=g,
                time=t,
            )
        )
    return out
