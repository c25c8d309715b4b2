"""Build or reuse the synthetic data sets the benchmarks run on.

A data set is reused when its marker says it was made by the same generator (a hash of the generator's
source files) with the same scale and seed; otherwise it is rebuilt from scratch with ``puente.synth``. The
marker also keeps how long the generation took, so a reused data set still reports ``synth_seconds``.

Child entry point (run by :func:`ensure` with the database's environment)::

    python -m benchmarks.datasets build SCALE SEED
    python -m benchmarks.datasets inspect
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Database, emit, run_child
from puente.synth.version import generator_version

DEFAULT_SEED = 1


def default_sqlite_path(scale: str) -> Path:
    return ROOT / "var" / f"synth-{scale}.sqlite3"


def _marker_path(database: Database, marker_dir: Path | None = None) -> Path:
    if database.engine == "sqlite":
        return Path(database.location + ".bench.json")
    url_hash = hashlib.sha256(database.location.encode()).hexdigest()[:12]
    return (marker_dir or ROOT / "var") / f"synth-{database.scale}-postgresql-{url_hash}.bench.json"


def _wanted(database: Database, seed: int) -> dict:
    return {"scale": database.scale, "seed": seed, "generator": generator_version()}


def _read_marker(database: Database, marker_dir: Path | None = None) -> dict | None:
    path = _marker_path(database, marker_dir)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _wipe_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def ensure(
    database: Database, *, seed: int = DEFAULT_SEED, log=print, marker_dir: Path | None = None
) -> dict:
    """Make sure ``database`` holds the data set; return {"synth_seconds", "reused", "generator"}.

    Only a data set this module built (it has a marker) is ever wiped and rebuilt. A file made by
    ``puente synth`` directly is adopted when its generation event names the same scale, seed and
    generator; any other existing file is refused rather than overwritten.
    """
    wanted = _wanted(database, seed)
    marker = _read_marker(database, marker_dir)
    if database.engine == "sqlite":
        exists = Path(database.location).is_file()
    else:
        # A benchmark PostgreSQL database is dedicated to the benchmarks: its contents are checked
        # against the marker each time (it may have been dropped and created again since).
        exists = _inspect_or_none(database) == {"scale": database.scale, "seed": seed}
        marker = marker if exists else None
    if marker and exists and all(marker.get(k) == v for k, v in wanted.items()):
        _migrate(database, log)
        return {"synth_seconds": marker["seconds"], "reused": True, "generator": wanted["generator"]}
    if marker and marker.get("adopted"):
        marker = None  # made by someone else: look at it again rather than rebuild it
    if exists and not marker and database.engine == "sqlite":
        found = run_child("benchmarks.datasets", ["inspect"], database)
        if found.get("scale") != database.scale or found.get("seed") != seed:
            what = found or "no synthetic data set"
            raise RuntimeError(
                f"{database.location} holds data not made by the benchmarks ({what}); "
                "remove it, or point the benchmarks elsewhere with --data-dir"
            )
        if found.get("generator") != wanted["generator"]:
            raise RuntimeError(
                f"{database.location} was made by `puente synth` from another version of the generator "
                f"({found.get('generator') or 'unknown'}, now {wanted['generator']}); make it again with "
                f"`puente synth --scale {database.scale} --replace`, or remove it"
            )
        record = {**wanted, "seconds": found["seconds"], "adopted": True}
        _marker_path(database, marker_dir).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        log(f"using the {database.label} data set made by `puente synth` (seed {seed})")
        _migrate(database, log)
        return {"synth_seconds": found["seconds"], "reused": True, "generator": wanted["generator"]}
    log(f"building the {database.label} data set (seed {seed})...")
    if database.engine == "sqlite":
        Path(database.location).parent.mkdir(parents=True, exist_ok=True)
        _wipe_sqlite(Path(database.location))
    _marker_path(database, marker_dir).unlink(missing_ok=True)
    built = run_child("benchmarks.datasets", ["build", database.scale, str(seed)], database, timeout=7200)
    record = {**wanted, "seconds": built["seconds"], "counts": built.get("counts", {})}
    _marker_path(database, marker_dir).parent.mkdir(parents=True, exist_ok=True)
    _marker_path(database, marker_dir).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    log(f"built {database.label} in {built['seconds']:.0f} s")
    return {"synth_seconds": built["seconds"], "reused": False, "generator": wanted["generator"]}


def _migrate(database: Database, log) -> None:
    """A reused data set gets the migrations added since it was made (an index, say): the figures are
    for the schema the application has now, not the one it had when the data set was generated."""
    applied = run_child("benchmarks.datasets", ["migrate"], database)["applied"]
    if applied:
        log(f"migrated {database.label}: {', '.join(applied)}")


def _apply_migrations() -> dict:
    from puente.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    return {"applied": [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]}


def _inspect_or_none(database: Database) -> dict | None:
    try:
        found = run_child("benchmarks.datasets", ["inspect"], database)
    except RuntimeError:  # no tables yet
        return None
    return {"scale": found.get("scale"), "seed": found.get("seed")}


def _inspect() -> dict:
    """Scale and seed of the synthetic data set in the database, and how long its generation took
    (from its first audit event to the generation event, all written in the generator's transaction)."""
    from puente.cli import setup_django

    setup_django()
    from puente.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="synth.generate").order_by("-seq").first()
    if event is None:
        return {}
    first = AuditEvent.objects.order_by("seq").first()
    seconds = (event.created_at - first.created_at).total_seconds()
    return {
        "scale": event.after.get("scale"),
        "seed": event.after.get("seed"),
        "generator": event.after.get("generator"),
        "seconds": round(seconds, 1),
    }


def _build(scale: str, seed: int) -> dict:
    from puente.cli import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        # A dedicated benchmark database: empty it, then migrate (which also syncs the instruments).
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    from puente import synth

    started = time.perf_counter()
    counts = synth.generate(scale, seed=seed)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "counts": counts if isinstance(counts, dict) else {}}


if __name__ == "__main__":
    if sys.argv[1:2] == ["inspect"]:
        emit(_inspect())
    elif sys.argv[1:2] == ["migrate"]:
        emit(_apply_migrations())
    elif len(sys.argv) == 4 and sys.argv[1] == "build":
        emit(_build(sys.argv[2], int(sys.argv[3])))
    else:
        sys.exit("usage: python -m benchmarks.datasets build SCALE SEED | inspect | migrate")
