"""Internal consistency as SPSS RELIABILITY /MODEL=ALPHA prints it.

Cases with any missing item are excluded (listwise, SPSS's default for RELIABILITY).

* Cronbach's alpha = k / (k - 1) * (1 - sum s_i^2 / s_T^2), with item and total variances (n - 1).
* Standardised alpha ("based on standardized items") = k rbar / (1 + (k - 1) rbar), rbar the mean
  inter-item Pearson correlation.
* Item-total statistics: scale mean and variance if the item is deleted, corrected item-total
  correlation r(item, total - item), and alpha if the item is deleted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .results import StatResult, StatsInputError, as_float_matrix, listwise


@dataclasses.dataclass(frozen=True)
class ItemTotal(StatResult):
    item: str
    scale_mean_if_deleted: float
    scale_variance_if_deleted: float
    corrected_item_total_r: float
    alpha_if_deleted: float


@dataclasses.dataclass(frozen=True)
class ReliabilityResult(StatResult):
    n_cases: int
    n_dropped: int
    n_items: int
    alpha: float
    alpha_standardized: float
    mean_inter_item_r: float
    items: tuple[ItemTotal, ...]
    method: str = "cronbach_alpha"
    options: dict[str, Any] = dataclasses.field(default_factory=lambda: {"missing": "listwise"})


def _alpha(data: np.ndarray) -> float:
    k = data.shape[1]
    total_var = float(data.sum(axis=1).var(ddof=1))
    if total_var == 0:
        return float("nan")
    return k / (k - 1.0) * (1.0 - float(data.var(axis=0, ddof=1).sum()) / total_var)


def cronbach_alpha(
    columns: Sequence[Iterable[float | None]] | np.ndarray, items: Sequence[str] | None = None
) -> ReliabilityResult:
    """Cronbach's alpha, standardised alpha and item-total statistics for a cases x items matrix."""
    data, dropped = listwise(as_float_matrix(columns, "items"))
    n, k = data.shape
    names = tuple(items) if items is not None else tuple(str(i + 1) for i in range(k))
    if k < 2:
        raise StatsInputError("Cronbach's alpha needs at least 2 items")
    if n < 2:
        raise StatsInputError("Cronbach's alpha needs at least 2 complete cases")
    sds = data.std(axis=0, ddof=1)
    if np.any(sds == 0):
        const = [names[i] for i in np.flatnonzero(sds == 0)]
        raise StatsInputError(f"item {const[0]} is constant, so correlations are undefined")
    corr = np.corrcoef(data, rowvar=False)
    rbar = float(corr[np.triu_indices(k, 1)].mean())
    total = data.sum(axis=1)
    rows = []
    for i in range(k):
        rest = total - data[:, i]
        rest_sd = rest.std(ddof=1)
        r_it = float(np.corrcoef(data[:, i], rest)[0, 1]) if rest_sd > 0 else float("nan")
        others = np.delete(data, i, axis=1)
        rows.append(
            ItemTotal(
                item=names[i],
                scale_mean_if_deleted=float(rest.mean()),
                scale_variance_if_deleted=float(rest.var(ddof=1)),
                corrected_item_total_r=r_it,
                alpha_if_deleted=_alpha(others) if k > 2 else float("nan"),
            )
        )
    return ReliabilityResult(
        n_cases=int(n),
        n_dropped=dropped,
        n_items=int(k),
        alpha=_alpha(data),
        alpha_standardized=k * rbar / (1.0 + (k - 1.0) * rbar),
        mean_inter_item_r=rbar,
        items=tuple(rows),
    )
