"""Scores of many administrations, with bands and reasons computed on demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from puente.instruments.scoring.compiled import CompiledInstrument

# Absorbs float noise in differences of means (e.g. 7.4 - 5.4) when comparing with a threshold.
_EPS = 1e-9


@dataclass
class ScoreResult:
    instrument: CompiledInstrument
    values: dict[str, np.ndarray]  # output id -> float per row, NaN when not scored
    missing: list[np.ndarray]  # per base score: missing answers per row
    total_missing: np.ndarray  # per row: missing (or non-numeric) answers over all items
    discarded: np.ndarray | None  # per row: whole administration dropped by the assessment rule

    @property
    def rows(self) -> int:
        return int(self.total_missing.shape[0])

    def band_index(self, output_id: str) -> np.ndarray:
        """Index into the output's bands, -1 where there is no score (or no bands)."""
        spec = self.instrument.outputs[self.instrument.output_ids.index(output_id)]
        value = self.values[output_id]
        if not spec.band_ids:
            return np.full(value.shape, -1, dtype=np.int64)
        column = value[:, None]
        above = np.where(spec.band_exclusive, column > spec.band_mins, column >= spec.band_mins)
        return above.sum(axis=1) - 1

    def bands(self, output_id: str) -> np.ndarray:
        """Band id per row ('' where there is no score)."""
        spec = self.instrument.outputs[self.instrument.output_ids.index(output_id)]
        lookup = np.array([*spec.band_ids, ""], dtype=object)
        return lookup[self.band_index(output_id)]

    def banded_outputs(self) -> list[str]:
        return [o.id for o in self.instrument.outputs if o.band_ids]

    def incomplete(self) -> np.ndarray:
        """True for rows where at least one score was left empty."""
        empty = np.zeros(self.rows, dtype=bool)
        for column in self.values.values():
            empty |= np.isnan(column)
        return empty

    def reason(self, row: int) -> str:
        """Why scores of ``row`` are empty, '' when every score was computed."""
        inst = self.instrument
        if self.discarded is not None and self.discarded[row]:
            return (
                f"administration not scored: {int(self.total_missing[row])} of {inst.n_items} items "
                f"missing (at most {inst.assessment_max_missing} allowed)"
            )
        parts = []
        for k, score_id in enumerate(inst.base_ids):
            if np.isnan(self.values[score_id][row]):
                parts.append(
                    f"{score_id}: {int(self.missing[k][row])} of {int(inst.base_n[k])} items missing "
                    f"(at most {int(inst.base_max_missing[k])} allowed)"
                )
        return "; ".join(parts)

    def reasons(self) -> list[str]:
        """Reason per row; only rows with an empty score are formatted."""
        out = [""] * self.rows
        for row in np.flatnonzero(self.incomplete()):
            out[int(row)] = self.reason(int(row))
        return out

    def summary(self) -> dict[str, object]:
        incomplete = self.incomplete()
        means = {}
        for output_id, column in self.values.items():
            scored = column[~np.isnan(column)]
            means[output_id] = float(scored.mean()) if scored.size else None
        return {
            "instrument": self.instrument.id,
            "rows": self.rows,
            "scored": int(self.rows - incomplete.sum()),
            "incomplete": int(incomplete.sum()),
            "mean": means,
        }


def compare(before: ScoreResult, after: ScoreResult) -> dict[str, dict[str, np.ndarray]]:
    """Change from ``before`` to ``after`` (row-aligned) for every score with a change rule.

    Returns, per score, ``delta`` (NaN when either side is empty) and ``important`` (the change
    reaches the definition's clinically important threshold in the stated direction).
    """
    if before.instrument.id != after.instrument.id:
        raise ValueError("cannot compare scores of different instruments")
    out: dict[str, dict[str, np.ndarray]] = {}
    for rule in after.instrument.change_rules:
        delta = after.values[rule["score"]] - before.values[rule["score"]]
        threshold = float(rule["min_change"]) - _EPS
        if rule["direction"] == "increase":
            hit = delta >= threshold
        elif rule["direction"] == "decrease":
            hit = -delta >= threshold
        else:
            hit = np.abs(delta) >= threshold
        out[rule["score"]] = {"delta": delta, "important": hit & ~np.isnan(delta)}
    return out
