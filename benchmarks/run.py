"""`make bench`: run every benchmark that exists so far and write benchmarks/results.json.

Each section comes from one module's ``run()``; the machine it ran on is recorded beside the figures,
because timings only compare within one run on one machine.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from pathlib import Path

from benchmarks import bench_agreement, bench_refiqda, bench_scoring

RESULTS = Path(__file__).resolve().parent / "results.json"


def machine() -> dict:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gb": round(memory_gb, 1), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}


def main() -> int:
    results = {
        "machine": machine(),
        "scoring": bench_scoring.run(),
        "qualitative": {**bench_agreement.run(), **bench_refiqda.run()},
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for section, figures in results.items():
        print(f"{section}:")
        for key, value in figures.items():
            print(f"  {key:<32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
