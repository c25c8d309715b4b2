"""The web app's bridge to the scoring engine: answers dicts in, JSON-ready scores out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from puente.instruments.scoring import CompiledInstrument, compile_definition

_compiled: dict[str, CompiledInstrument] = {}


def compiled_for(definition: Mapping[str, Any], digest: str) -> CompiledInstrument:
    """Compile a definition once per process; a revision's digest names it."""
    key = f"{definition['id']}:{digest}"
    if key not in _compiled:
        _compiled[key] = compile_definition(definition)
    return _compiled[key]


def matrix_of(inst: CompiledInstrument, answers_list: Sequence[Mapping[str, Any]]) -> np.ndarray:
    matrix = np.full((len(answers_list), inst.n_items), np.nan)
    column = {item_id: i for i, item_id in enumerate(inst.item_ids)}
    for row, answers in enumerate(answers_list):
        for item_id, value in answers.items():
            if value is not None and item_id in column:
                matrix[row, column[item_id]] = float(value)
    return matrix


def score_many(inst: CompiledInstrument, answers_list: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Scores of many administrations at once (answers already validated)."""
    if not answers_list:
        return []
    result = inst.score(matrix_of(inst, answers_list))
    bands = {output_id: result.bands(output_id) for output_id in result.banded_outputs()}
    reasons = result.reasons()
    out = []
    for row in range(result.rows):
        values = {}
        for output_id, column in result.values.items():
            value = float(column[row])
            values[output_id] = None if math.isnan(value) else round(value, 4)
        out.append(
            {
                "values": values,
                "bands": {output_id: str(b[row]) for output_id, b in bands.items() if b[row]},
                "reason": reasons[row],
            }
        )
    return out


def score_one(inst: CompiledInstrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    return score_many(inst, [answers])[0]
