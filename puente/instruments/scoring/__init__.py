"""Vectorised scoring of instrument definitions (numpy only, no Django).

Typical use::

    inst = compiled("swls")          # or compile_definition(definition)
    inst.validate(matrix)            # ResponseError names row and item of a bad answer
    result = inst.score(matrix)      # result.values["total"], result.bands("total"), result.reasons()
"""

from __future__ import annotations

from puente.instruments.scoring.compiled import (
    SENTINEL,
    CompiledInstrument,
    ResponseError,
    compile_definition,
    compiled,
)
from puente.instruments.scoring.result import ScoreResult, compare

__all__ = [
    "SENTINEL",
    "CompiledInstrument",
    "ResponseError",
    "ScoreResult",
    "compare",
    "compile_definition",
    "compiled",
]
