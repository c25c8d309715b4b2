"""Trial analysis: outcome on arm x time, with clustered observations.

Two models, both on the same treatment-coded design (intercept, arm, time and arm:time dummies,
reference levels first in sorted order unless given):

* GEE (Liang & Zeger 1986) with Gaussian family, identity link, exchangeable working correlation
  within clusters (site or participant) and robust sandwich standard errors, via statsmodels.
* Linear mixed model (statsmodels MixedLM) with a random intercept per participant, fitted by REML.

Both report a coefficient table (term, estimate, SE, z, p, 95 % CI) with Wald z tests.
Rows with a missing outcome, arm, time or cluster are dropped and counted.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats as sps

from .results import CoefficientRow, StatResult, StatsInputError, as_float_array


@dataclasses.dataclass(frozen=True)
class TrialModelResult(StatResult):
    n_obs: int
    n_clusters: int
    n_dropped: int
    coefficients: tuple[CoefficientRow, ...]
    converged: bool
    extra: dict[str, float]
    method: str
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    def coefficient(self, term: str) -> CoefficientRow:
        for row in self.coefficients:
            if row.term == term:
                return row
        raise KeyError(term)


def _is_missing(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


def _levels(values: Sequence[Any], reference: Any | None) -> list[Any]:
    levels = sorted(set(values), key=lambda v: (str(type(v)), v))
    if reference is not None:
        if reference not in levels:
            raise StatsInputError(f"reference level {reference!r} does not occur in the data")
        levels.remove(reference)
        levels.insert(0, reference)
    return levels


def arm_time_design(
    arm: Sequence[Any],
    time: Sequence[Any],
    arm_reference: Any | None = None,
    time_reference: Any | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Treatment-coded design matrix for ``outcome ~ arm * time`` and its column names."""
    arm_levels = _levels(arm, arm_reference)
    time_levels = _levels(time, time_reference)
    if len(arm_levels) < 2 or len(time_levels) < 2:
        raise StatsInputError("the trial model needs at least 2 arms and 2 time points")
    arm_arr = np.array([str(a) for a in arm], dtype=object)
    time_arr = np.array([str(t) for t in time], dtype=object)
    arm_d = {a: (arm_arr == str(a)).astype(float) for a in arm_levels[1:]}
    time_d = {t: (time_arr == str(t)).astype(float) for t in time_levels[1:]}
    cols = [np.ones(len(arm_arr))]
    names = ["intercept"]
    for a, col in arm_d.items():
        cols.append(col)
        names.append(f"arm[T.{a}]")
    for t, col in time_d.items():
        cols.append(col)
        names.append(f"time[T.{t}]")
    for a, acol in arm_d.items():
        for t, tcol in time_d.items():
            cols.append(acol * tcol)
            names.append(f"arm[T.{a}]:time[T.{t}]")
    return np.column_stack(cols), names


def _prepare(
    data: Mapping[str, Sequence[Any]], outcome: str, arm: str, time: str, cluster: str
) -> tuple[np.ndarray, list[Any], list[Any], np.ndarray, int]:
    for col in (outcome, arm, time, cluster):
        if col not in data:
            raise StatsInputError(f"unknown column {col!r}")
    y = as_float_array(list(data[outcome]), outcome)
    arms, times, clusters = list(data[arm]), list(data[time]), list(data[cluster])
    keep = ~np.isnan(y) & ~np.array(
        [
            _is_missing(a) or _is_missing(t) or _is_missing(c)
            for a, t, c in zip(arms, times, clusters, strict=True)
        ],
        dtype=bool,
    )
    idx = np.flatnonzero(keep)
    # Sort by cluster so each cluster's rows are contiguous, as the GEE routine expects.
    cl_keys = [str(clusters[i]) for i in idx]
    _, codes = np.unique(np.array(cl_keys, dtype=object), return_inverse=True)
    order = np.argsort(codes, kind="stable")
    idx = idx[order]
    codes = codes[order]
    if idx.size < 4:
        raise StatsInputError("the trial model needs at least 4 complete observations")
    return (
        y[idx],
        [arms[i] for i in idx],
        [times[i] for i in idx],
        codes.astype(np.int64),
        int((~keep).sum()),
    )


def _table(
    names: list[str], params: np.ndarray, se: np.ndarray, confidence: float
) -> tuple[CoefficientRow, ...]:
    q = float(sps.norm.ppf(0.5 + confidence / 2.0))
    rows = []
    for name, b, s in zip(names, params, se, strict=True):
        z = b / s if s > 0 else math.nan
        rows.append(
            CoefficientRow(
                term=name,
                estimate=float(b),
                se=float(s),
                z=float(z),
                p=float(2.0 * sps.norm.sf(abs(z))) if math.isfinite(z) else math.nan,
                ci_low=float(b - q * s),
                ci_high=float(b + q * s),
            )
        )
    return tuple(rows)


def gee_arm_time(
    data: Mapping[str, Sequence[Any]],
    outcome: str = "outcome",
    arm: str = "arm",
    time: str = "time",
    cluster: str = "participant",
    arm_reference: Any | None = None,
    time_reference: Any | None = None,
    confidence: float = 0.95,
) -> TrialModelResult:
    """GEE of outcome on arm x time, exchangeable working correlation, robust sandwich SEs."""
    import statsmodels.api as sm

    y, arms, times, groups, dropped = _prepare(data, outcome, arm, time, cluster)
    x, names = arm_time_design(arms, times, arm_reference, time_reference)
    model = sm.GEE(
        y, x, groups=groups, family=sm.families.Gaussian(), cov_struct=sm.cov_struct.Exchangeable()
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(cov_type="robust")
    dep = model.cov_struct.dep_params
    return TrialModelResult(
        n_obs=int(y.size),
        n_clusters=int(np.unique(groups).size),
        n_dropped=dropped,
        coefficients=_table(names, np.asarray(res.params), np.asarray(res.bse), confidence),
        converged=bool(getattr(res, "converged", True)),
        extra={"working_correlation": float(dep), "scale": float(res.scale)},
        method="gee",
        options={
            "family": "gaussian",
            "link": "identity",
            "working_correlation": "exchangeable",
            "cov_type": "robust_sandwich",
            "cluster": cluster,
            "confidence": confidence,
        },
    )


def mixed_arm_time(
    data: Mapping[str, Sequence[Any]],
    outcome: str = "outcome",
    arm: str = "arm",
    time: str = "time",
    participant: str = "participant",
    arm_reference: Any | None = None,
    time_reference: Any | None = None,
    confidence: float = 0.95,
) -> TrialModelResult:
    """Linear mixed model of outcome on arm x time with a random intercept per participant (REML)."""
    import statsmodels.api as sm

    y, arms, times, groups, dropped = _prepare(data, outcome, arm, time, participant)
    x, names = arm_time_design(arms, times, arm_reference, time_reference)
    model = sm.MixedLM(y, x, groups=groups)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(reml=True)
    k = x.shape[1]
    return TrialModelResult(
        n_obs=int(y.size),
        n_clusters=int(np.unique(groups).size),
        n_dropped=dropped,
        coefficients=_table(names, np.asarray(res.fe_params), np.asarray(res.bse[:k]), confidence),
        converged=bool(res.converged),
        extra={
            "group_variance": float(np.asarray(res.cov_re).ravel()[0]),
            "residual_variance": float(res.scale),
            "log_likelihood": float(res.llf),
        },
        method="linear_mixed_model",
        options={
            "random_effects": "intercept per participant",
            "estimation": "reml",
            "confidence": confidence,
        },
    )
