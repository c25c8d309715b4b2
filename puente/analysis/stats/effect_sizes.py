"""Standardised effect sizes, each labelled with the formula that produced it.

Formulas follow Lakens (2013), "Calculating and reporting effect sizes to facilitate cumulative
science", Frontiers in Psychology 4:863:

* d_z  = M_diff / SD_diff                                   (paired; eq. 6)
* d_av = M_diff / ((SD_1 + SD_2) / 2)                       (paired; eq. 10)
* d_rm = M_diff / sqrt(SD_1^2 + SD_2^2 - 2 r SD_1 SD_2) * sqrt(2 (1 - r))   (paired; eq. 9)
* d_s  = (M_1 - M_2) / sqrt(((n_1 - 1) SD_1^2 + (n_2 - 1) SD_2^2) / (n_1 + n_2 - 2))  (eq. 1)
* Hedges' g = d * J(df). J is either the exact gamma-function factor
  J = Gamma(df/2) / (sqrt(df/2) Gamma((df - 1)/2)) (Hedges 1981) or the approximation
  J = 1 - 3 / (4 df - 1) (Hedges & Olkin 1985); with df = n_1 + n_2 - 2 the approximation is
  Lakens's eq. 4, 1 - 3 / (4 (n_1 + n_2) - 9).
* r = Z / sqrt(N) for rank tests (Rosenthal 1991); which N is used is recorded in the options.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from scipy.special import gammaln

from .results import EffectSize

HedgesCorrection = Literal["exact", "approximate"]


def hedges_j(df: float, correction: HedgesCorrection = "exact") -> float:
    """Small-sample bias correction factor J for a standardised mean difference with ``df`` d.f."""
    if df <= 1:
        return math.nan
    if correction == "approximate":
        return 1.0 - 3.0 / (4.0 * df - 1.0)
    if correction != "exact":
        raise ValueError("correction must be 'exact' or 'approximate'")
    # Log-gamma keeps this finite for large df where Gamma itself overflows.
    return float(np.exp(gammaln(df / 2.0) - gammaln((df - 1.0) / 2.0)) / math.sqrt(df / 2.0))


def cohen_dz(mean_diff: float, sd_diff: float) -> EffectSize:
    value = mean_diff / sd_diff if sd_diff > 0 else math.nan
    return EffectSize("cohen_dz", value, "M_diff / SD_diff (Lakens 2013 eq. 6)")


def cohen_dav(mean_diff: float, sd1: float, sd2: float) -> EffectSize:
    denom = (sd1 + sd2) / 2.0
    value = mean_diff / denom if denom > 0 else math.nan
    return EffectSize("cohen_dav", value, "M_diff / ((SD_1 + SD_2) / 2) (Lakens 2013 eq. 10)")


def cohen_drm(mean_diff: float, sd1: float, sd2: float, r: float) -> EffectSize:
    sd_diff2 = sd1 * sd1 + sd2 * sd2 - 2.0 * r * sd1 * sd2
    value = mean_diff / math.sqrt(sd_diff2) * math.sqrt(2.0 * (1.0 - r)) if sd_diff2 > 0 else math.nan
    return EffectSize(
        "cohen_drm",
        value,
        "M_diff / sqrt(SD1^2 + SD2^2 - 2 r SD1 SD2) * sqrt(2 (1 - r)) (Lakens 2013 eq. 9)",
        {"r": r},
    )


def cohen_ds(mean1: float, mean2: float, sd1: float, sd2: float, n1: int, n2: int) -> EffectSize:
    df = n1 + n2 - 2
    pooled = math.sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / df) if df > 0 else math.nan
    value = (mean1 - mean2) / pooled if pooled > 0 else math.nan
    return EffectSize("cohen_ds", value, "(M1 - M2) / pooled SD (Lakens 2013 eq. 1)")


def hedges_g(d: float, df: float, correction: HedgesCorrection = "exact") -> EffectSize:
    method = (
        "d * Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))"
        if correction == "exact"
        else "d * (1 - 3 / (4 df - 1))"
    )
    return EffectSize("hedges_g", d * hedges_j(df, correction), method, {"correction": correction, "df": df})


def r_from_z(z: float, n: int, n_meaning: str) -> EffectSize:
    """r = Z / sqrt(N); ``n_meaning`` records what N counts (e.g. observations or pairs)."""
    value = z / math.sqrt(n) if n > 0 else math.nan
    return EffectSize("r", value, "Z / sqrt(N) (Rosenthal 1991)", {"n": n, "n_counts": n_meaning})
