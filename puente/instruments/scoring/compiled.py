"""Compile an instrument definition into arrays once, then score many administrations at once.

Layout: a response matrix has one row per administration and one column per item, in definition
order, with NaN for a missing answer. Sum and mean scores come from a single matrix product with a
0/1 membership matrix. Missing answers are replaced by a large power-of-two sentinel before the
product, so each product cell holds ``missing_count * SENTINEL + sum_of_answers`` and both parts
come back with one floor: no second pass over the matrix is needed to count what is missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from puente.instruments.scoring.result import ScoreResult

# Power of two: dividing by it is exact. Validated answers are small non-negative integers, so the
# sum of one score's answers stays far below it.
SENTINEL = 65536.0


class ResponseError(ValueError):
    """Answers that are not on the instrument's scale. ``problems`` lists (row, item_id, value)."""

    def __init__(self, message: str, problems: list[tuple[int, str, float]]):
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Output:
    """One output column: a base score or a transform of one."""

    id: str
    base: int  # index of the base score it derives from
    subtract: float
    multiply: float
    low: float
    high: float
    band_ids: tuple[str, ...]
    band_mins: np.ndarray
    band_exclusive: np.ndarray


def _max_missing(rule: Mapping[str, Any], n: int) -> int:
    if "max_missing" in rule:
        return int(rule["max_missing"])
    # Small epsilon so that e.g. 0.2 * 5 counts as exactly 1 item.
    return math.floor(float(rule["max_missing_fraction"]) * n + 1e-9)


class CompiledInstrument:
    """Arrays derived from one definition. Build with :func:`compile_definition`."""

    def __init__(self, definition: Mapping[str, Any]):
        self.definition = definition
        self.id: str = definition["id"]
        items = definition["items"]
        self.item_ids: list[str] = [item["id"] for item in items]
        self.n_items = len(items)
        index = {item_id: i for i, item_id in enumerate(self.item_ids)}
        scales = [definition["scales"][item["scale"]] for item in items]
        self.lo = np.array([s["min"] for s in scales], dtype=np.float64)
        self.hi = np.array([s["max"] for s in scales], dtype=np.float64)
        reverse = np.array([bool(item.get("reverse", False)) for item in items])
        self.has_reverse = bool(reverse.any())
        self.sign = np.where(reverse, -1.0, 1.0)
        self.offset = np.where(reverse, self.lo + self.hi, 0.0)
        codes = sorted({int(c) for s in scales for c in s.get("special_codes", {})})
        self.special_codes = np.array(codes, dtype=np.float64)
        # allows_special[j, i]: item i accepts special code j
        self.allows_special = np.array(
            [[str(c) in s.get("special_codes", {}) for s in scales] for c in codes], dtype=bool
        ).reshape(len(codes), self.n_items)

        base = definition["scores"]
        self.base_ids = [s["id"] for s in base]
        self.base_n = np.array([len(s["items"]) for s in base], dtype=np.float64)
        self.base_max_missing = np.array(
            [_max_missing(s["missing"], len(s["items"])) for s in base], dtype=np.float64
        )
        self.base_multiply = np.array([float(s.get("multiply", 1.0)) for s in base])
        self.numeric = [i for i, s in enumerate(base) if s["method"] != "count"]
        self.counted = [i for i, s in enumerate(base) if s["method"] == "count"]
        membership = np.zeros((self.n_items, len(base)), dtype=np.float64)
        for k, score in enumerate(base):
            for item_id in score["items"]:
                membership[index[item_id], k] = 1.0
        # Last column: every item, so the same product yields the administration's missing count.
        self.num_matrix = np.ascontiguousarray(
            np.hstack([membership[:, self.numeric], np.ones((self.n_items, 1))])
        )
        self.num_matrix_t = np.ascontiguousarray(self.num_matrix.T)
        self.num_kind = [
            "mean"
            if base[k]["method"] == "mean"
            else "prorate"
            if base[k]["missing"]["handling"] == "prorate"
            else "sum"
            for k in self.numeric
        ]
        # A score with every item missing is never scored, whatever the rule says.
        self.base_max_missing = np.minimum(self.base_max_missing, self.base_n - 1)
        if float(self.hi.max()) * self.n_items >= SENTINEL or float(self.lo.min()) < 0:
            raise ValueError(f"{self.id}: scale values too large for the sentinel encoding")
        groups: dict[tuple[int, ...], list[int]] = {}
        for k in self.counted:
            groups.setdefault(tuple(sorted(base[k]["count_values"])), []).append(k)
        self.count_groups = [
            (np.array(values, dtype=np.float64), np.ascontiguousarray(membership[:, ks]), ks)
            for values, ks in groups.items()
        ]
        self.count_matrix = np.ascontiguousarray(membership[:, self.counted])

        rule = definition.get("assessment_missing")
        self.assessment_max_missing = None if rule is None else _max_missing(rule, self.n_items)

        self.outputs: list[Output] = []
        for k, score in enumerate(base):
            self.outputs.append(self._output(score, k, 0.0, 1.0))
            for t in score.get("transforms", []):
                self.outputs.append(self._output(t, k, float(t["subtract"]), float(t["multiply"])))
        self.output_ids = [o.id for o in self.outputs]
        self.change_rules = list(definition.get("change", []))

    @staticmethod
    def _output(spec: Mapping[str, Any], base: int, subtract: float, multiply: float) -> Output:
        bands = spec.get("bands", [])
        return Output(
            id=spec["id"],
            base=base,
            subtract=subtract,
            multiply=multiply,
            low=float(spec["range"][0]),
            high=float(spec["range"][1]),
            band_ids=tuple(b["id"] for b in bands),
            band_mins=np.array([float(b["min"]) for b in bands]),
            band_exclusive=np.array([bool(b.get("min_exclusive", False)) for b in bands]),
        )

    # -- validation ---------------------------------------------------------------------------

    def _as_matrix(self, responses: Any) -> np.ndarray:
        matrix = np.asarray(responses, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_items:
            raise ValueError(
                f"{self.id}: expected a matrix with {self.n_items} item columns, got shape {matrix.shape}"
            )
        return matrix

    def invalid_cells(self, responses: Any) -> np.ndarray:
        """(row, column) pairs of answers that are neither on the scale nor an allowed special code."""
        x = self._as_matrix(responses)
        ok = (x >= self.lo) & (x <= self.hi) & (np.floor(x) == x)
        ok |= np.isnan(x)
        for j, code in enumerate(self.special_codes):
            ok |= (x == code) & self.allows_special[j]
        return np.argwhere(~ok)

    def describe_scale(self, column: int) -> str:
        text = f"{int(self.lo[column])}-{int(self.hi[column])}"
        codes = [int(c) for j, c in enumerate(self.special_codes) if self.allows_special[j, column]]
        if codes:
            text += f" or special code {', '.join(str(c) for c in codes)}"
        return text

    def validate(self, responses: Any, limit: int = 10) -> None:
        """Raise ResponseError naming row (1-based) and item for answers off the scale."""
        x = self._as_matrix(responses)
        bad = self.invalid_cells(x)
        if bad.size == 0:
            return
        problems = [(int(r), self.item_ids[int(c)], float(x[r, c])) for r, c in bad[:limit]]
        first_r, first_c = int(bad[0][0]), int(bad[0][1])
        value = x[first_r, first_c]
        shown = int(value) if np.isfinite(value) and value == int(value) else value
        message = (
            f"row {first_r + 1}, item {self.item_ids[first_c]}: {shown} is not an answer on its scale "
            f"({self.describe_scale(first_c)})"
        )
        if len(bad) > 1:
            message += f"; {len(bad) - 1} more invalid answer(s)"
        raise ResponseError(message, problems)

    # -- scoring ------------------------------------------------------------------------------

    def score(self, responses: Any) -> ScoreResult:
        """Score validated responses (call :meth:`validate` first: the sentinel trick relies on it)."""
        x = self._as_matrix(responses)
        values: dict[str, np.ndarray] = {}
        missing: list[np.ndarray] = [np.zeros(0)] * len(self.base_ids)

        numeric = x
        if self.special_codes.size:
            # Special codes are answers for counting but carry no numeric value.
            numeric = np.where(np.isin(x, self.special_codes), np.nan, x)
        if self.has_reverse:
            numeric = numeric * self.sign + self.offset
        # Scores x rows layout: each score's row is contiguous for the per-score steps below.
        product = self.num_matrix_t @ np.fmin(numeric, SENTINEL).T  # fmin turns NaN into the sentinel
        miss = np.multiply(product, 1.0 / SENTINEL)
        np.floor(miss, out=miss)
        sums = np.multiply(miss, SENTINEL)
        np.subtract(product, sums, out=sums)
        del product
        total_missing = miss[-1]

        for j, k in enumerate(self.numeric):
            n_in, limit = self.base_n[k], self.base_max_missing[k]
            m, total = miss[j], sums[j]
            kind = self.num_kind[j]
            if kind == "mean":
                with np.errstate(invalid="ignore", divide="ignore"):  # all missing: 0/0, masked below
                    value = total / (n_in - m)
            elif kind == "prorate":
                # (sum * n) / answered is exact when nothing is missing (integer arithmetic).
                value = np.multiply(total, n_in)
                with np.errstate(invalid="ignore", divide="ignore"):
                    np.divide(value, n_in - m, out=value)
            else:
                value = total.copy()
            if self.base_multiply[k] != 1.0:
                value *= self.base_multiply[k]
            np.copyto(value, np.nan, where=m > limit)
            values[self.base_ids[k]] = value
            missing[k] = m

        if self.counted:
            nan_counts = self.count_matrix.T @ np.isnan(x).astype(np.float64).T
            position = {k: j for j, k in enumerate(self.counted)}
            for vals, matrix, ks in self.count_groups:
                hits = np.isin(x, vals) if vals.size > 1 else x == vals[0]
                counts = matrix.T @ hits.astype(np.float64).T
                for g, k in enumerate(ks):
                    m = nan_counts[position[k]]
                    value = counts[g] * self.base_multiply[k]
                    np.copyto(value, np.nan, where=m > self.base_max_missing[k])
                    values[self.base_ids[k]] = value
                    missing[k] = m

        discarded = None
        if self.assessment_max_missing is not None:
            discarded = total_missing > self.assessment_max_missing
            for value in values.values():
                np.copyto(value, np.nan, where=discarded)

        out: dict[str, np.ndarray] = {}
        for o in self.outputs:
            column = values[self.base_ids[o.base]]
            identity = o.subtract == 0.0 and o.multiply == 1.0
            out[o.id] = column if identity else (column - o.subtract) * o.multiply
        return ScoreResult(self, out, missing, total_missing, discarded)


_cache: dict[str, CompiledInstrument] = {}


def compile_definition(definition: Mapping[str, Any]) -> CompiledInstrument:
    return CompiledInstrument(definition)


def compiled(ident: str) -> CompiledInstrument:
    """Compile a shipped definition once per process."""
    if ident not in _cache:
        from puente.instruments.loader import load_definition

        _cache[ident] = CompiledInstrument(load_definition(ident))
    return _cache[ident]
