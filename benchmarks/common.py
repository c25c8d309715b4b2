"""What every benchmark shares: the database a measurement runs against, and running a step in its own
process with the environment that database needs.

A measurement that touches the database runs in a child process (``python -m benchmarks.<module>``) so that
one `make bench` can measure the regional and the demo data sets, on SQLite and on PostgreSQL, without
reconfiguring Django in-process. Children print one JSON object on their last line of output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Production settings (DEBUG off, Argon2, the real middleware) with what a loopback benchmark needs: a
# throwaway key, plain HTTP, no second sign-in step for the synthetic workers, and the system checks of a
# non-test run. PUENTE_TESTING is pinned to 0 so that `make test` (which sets it) does not leak into the
# measured processes.
BENCH_ENV = {
    "SECRET_KEY": "benchmark-only-key-never-used-in-production",
    "PUENTE_INSECURE_HTTP": "1",
    "PUENTE_REQUIRE_2FA": "0",
    "PUENTE_TESTING": "0",
    "PUENTE_DEMO": "0",
    "DEBUG": "0",
    "LOG_LEVEL": "ERROR",
}


@dataclass(frozen=True)
class Database:
    """One data set in one database engine."""

    scale: str  # "demo" or "regional"
    engine: str  # "sqlite" or "postgresql"
    location: str  # a file path (SQLite) or a database URL (PostgreSQL)

    @property
    def label(self) -> str:
        return f"{self.scale}/{self.engine}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PUENTE_SQLITE_PATH")}
        env.update(BENCH_ENV)
        if self.engine == "sqlite":
            env["PUENTE_SQLITE_PATH"] = self.location
        else:
            env["DATABASE_URL"] = self.location
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        env.update(extra)
        return env


def run_child(module: str, args: list[str], database: Database | None, *, timeout: float = 3600) -> dict:
    """Run ``python -m module args`` with the database's environment; return the JSON it printed last."""
    env = database.env() if database else {**os.environ, **BENCH_ENV}
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{module} {' '.join(args)} failed ({completed.returncode}):\n{completed.stderr[-4000:]}"
        )
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"{module} printed nothing:\n{completed.stderr[-4000:]}")
    return json.loads(lines[-1])


def emit(data: dict) -> None:
    """What a child prints for its parent: one JSON line."""
    sys.stdout.write(json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceiling of n*q/100, at least 1
    return ordered[int(rank) - 1]
