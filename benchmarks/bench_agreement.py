"""Agreement benchmark: two coders, 2,000 documents (~10 million characters).

.venv/bin/python benchmarks/bench_agreement.py [codings_per_coder]
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def make_corpus(
    docs: int = 2000, chars: int = 10_000_000, codings: int = 100_000, codes: int = 60, seed: int = 3
):
    rng = np.random.default_rng(seed)
    length = chars // docs
    lengths = {f"doc{i:04d}": length for i in range(docs)}
    names = list(lengths)

    def coder(shift: int) -> dict[str, list[tuple[str, int, int]]]:
        doc = rng.integers(0, docs, codings)
        start = rng.integers(0, length - 500, codings)
        end = start + rng.integers(20, 400, codings) + shift
        code = rng.integers(0, codes, codings)
        spans: dict[str, list[tuple[str, int, int]]] = {}
        for d, c, s, e in zip(doc.tolist(), code.tolist(), start.tolist(), end.tolist(), strict=True):
            spans.setdefault(names[d], []).append((f"code{c}", s, e))
        return spans

    return lengths, coder(0), coder(5)


def run(codings: int = 100_000) -> dict:
    from puente.qualitative.agreement import compare_coders

    lengths, a, b = make_corpus(codings=codings)
    t0 = time.perf_counter()
    report = compare_coders(lengths, a, b)
    elapsed = time.perf_counter() - t0
    return {
        "agreement_seconds": round(elapsed, 3),
        "codings_per_coder": codings,
        "characters": report.characters,
        "codes": len(report.per_code),
    }


if __name__ == "__main__":
    print(json.dumps(run(*[int(x) for x in sys.argv[1:2]]), indent=2))
