"""Shared record types for statistical results.

Every result is a frozen dataclass that names the method it ran (``method``) and the options
that shaped the numbers (``options``), so a stored or exported result can always be traced
back to how it was computed. ``to_dict()`` gives lower_snake_case keys with JSON-ready values:
numpy scalars become Python numbers and NaN/inf become ``None`` (JSON has no NaN).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


class StatsInputError(ValueError):
    """The data cannot support the requested statistic (too few cases, a constant column, ...)."""


def json_ready(value: Any) -> Any:
    """Convert numpy values, tuples and nested records into plain JSON-serialisable Python."""
    if isinstance(value, StatResult):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_ready(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [json_ready(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    return value


@dataclasses.dataclass(frozen=True)
class StatResult:
    """Base for every result record: subclasses add their own fields before ``method``/``options``."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: json_ready(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclasses.dataclass(frozen=True)
class EffectSize(StatResult):
    """One effect size, naming itself (``name``: e.g. ``cohen_dz``) and the formula used."""

    name: str
    value: float
    method: str
    options: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class CoefficientRow(StatResult):
    """One row of a model's coefficient table (Wald z test and normal-theory CI)."""

    term: str
    estimate: float
    se: float
    z: float
    p: float
    ci_low: float
    ci_high: float


def as_float_array(values: Any, name: str = "values") -> np.ndarray:
    """A 1-D float array; ``None`` becomes NaN so missing values can be counted and dropped."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        arr = values.astype(float, copy=False)
    else:
        seq = list(values) if not isinstance(values, np.ndarray) else values.tolist()
        arr = np.array([np.nan if v is None else v for v in seq], dtype=float)
    if arr.ndim != 1:
        raise StatsInputError(f"{name} must be one-dimensional")
    return arr


def as_float_matrix(columns: Sequence[Any] | np.ndarray, name: str = "columns") -> np.ndarray:
    """Cases x variables float matrix from a 2-D array or from a sequence of equal-length columns."""
    if isinstance(columns, np.ndarray) and columns.ndim == 2:
        return columns.astype(float, copy=False)
    cols = [as_float_array(c, name) for c in columns]
    if not cols:
        raise StatsInputError(f"no {name} given")
    lengths = {len(c) for c in cols}
    if len(lengths) != 1:
        raise StatsInputError(f"{name} must all have the same number of cases")
    return np.column_stack(cols)


def listwise(matrix: np.ndarray) -> tuple[np.ndarray, int]:
    """Keep only rows without any missing value (SPSS listwise deletion); return rows and drop count."""
    keep = ~np.isnan(matrix).any(axis=1)
    return matrix[keep], int(matrix.shape[0] - keep.sum())
