"""Family-wise error corrections for a family of p-values.

* Bonferroni: p_adj = min(1, m p).
* Holm (1979) step-down: sort ascending, p_adj(i) = max_{j <= i} min(1, (m - j + 1) p(j)), so the
  adjusted values are monotone in the original order of significance (as R's ``p.adjust``).
Missing p-values (None/NaN) stay missing and do not count towards m.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np

from .results import StatResult, as_float_array

Correction = Literal["holm", "bonferroni"]


@dataclasses.dataclass(frozen=True)
class AdjustedPValues(StatResult):
    p: tuple[float, ...]
    p_adjusted: tuple[float, ...]
    rejected: tuple[bool, ...]
    m: int
    method: str
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


def _adjust(p: np.ndarray, method: Correction) -> np.ndarray:
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    vals = p[ok]
    m = vals.size
    if m == 0:
        return out
    if method == "bonferroni":
        out[ok] = np.minimum(1.0, vals * m)
    elif method == "holm":
        order = np.argsort(vals, kind="stable")
        stepped = np.maximum.accumulate((m - np.arange(m)) * vals[order])
        adj = np.empty(m)
        adj[order] = np.minimum(1.0, stepped)
        out[ok] = adj
    else:
        raise ValueError("method must be 'holm' or 'bonferroni'")
    return out


def adjust_pvalues(
    pvalues: Iterable[float | None], method: Correction = "holm", alpha: float = 0.05
) -> AdjustedPValues:
    """Adjust a family of p-values and flag which hypotheses are rejected at ``alpha``."""
    p = as_float_array(pvalues, "p-values")
    adj = _adjust(p, method)
    return AdjustedPValues(
        p=tuple(float(v) for v in p),
        p_adjusted=tuple(float(v) for v in adj),
        rejected=tuple(bool(v <= alpha) if not np.isnan(v) else False for v in adj),
        m=int((~np.isnan(p)).sum()),
        method=method,
        options={"alpha": alpha},
    )


def holm(pvalues: Iterable[float | None], alpha: float = 0.05) -> AdjustedPValues:
    return adjust_pvalues(pvalues, "holm", alpha)


def bonferroni(pvalues: Iterable[float | None], alpha: float = 0.05) -> AdjustedPValues:
    return adjust_pvalues(pvalues, "bonferroni", alpha)
