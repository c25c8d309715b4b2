"""The benchmark script runs and reports the agreed keys (the budget itself is measured, not asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scoring.py"


def test_benchmark_run_reports_throughput():
    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report = module.run(rows=20_000, repeats=2)
    assert {"administrations_per_second", "ratio_to_numpy_sum", "rows", "items"} <= set(report)
    assert report["rows"] == 20_000 and report["items"] == 24
    assert report["administrations_per_second"] > 0 and report["ratio_to_numpy_sum"] > 0
