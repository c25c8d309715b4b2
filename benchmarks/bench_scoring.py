"""Throughput of the scoring engine on a synthetic RAS-R (24 items) response matrix.

Run: ``python benchmarks/bench_scoring.py [ROWS]``; prints JSON. The budget is at least 1,000,000
administrations per second and at most 10x the time of a bare ``matrix.sum(axis=1)``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import numpy as np

from puente.instruments.scoring import compiled


def _best(fn: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def run(rows: int = 1_000_000, repeats: int = 5, missing_rate: float = 0.02, seed: int = 7) -> dict:
    inst = compiled("ras_r")
    rng = np.random.default_rng(seed)
    matrix = rng.integers(1, 6, size=(rows, inst.n_items)).astype(np.float64)
    matrix[rng.random(matrix.shape) < missing_rate] = np.nan
    inst.validate(matrix)
    inst.score(matrix[:1000])  # warm up
    score_seconds = _best(lambda: inst.score(matrix), repeats)
    sum_seconds = _best(lambda: matrix.sum(axis=1), repeats)
    return {
        "administrations_per_second": rows / score_seconds,
        "ratio_to_numpy_sum": score_seconds / sum_seconds,
        "rows": rows,
        "items": inst.n_items,
        "score_seconds": score_seconds,
        "numpy_sum_seconds": sum_seconds,
    }


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(json.dumps(run(rows, repeats)))
