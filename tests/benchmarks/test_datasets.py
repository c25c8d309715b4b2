"""The benchmarks adopt a data set `puente synth` made only when the same generator made it, never
overwrite one they did not build, and bring a reused one up to the application's current schema."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import datasets
from benchmarks.common import Database
from puente.synth.version import generator_version

ROOT = Path(__file__).resolve().parents[2]


def _synth(path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PUENTE_SQLITE_PATH")}
    env.update({"DEBUG": "1", "PUENTE_SQLITE_PATH": str(path), "PUENTE_DATA_DIR": str(path.parent)})
    completed = subprocess.run(
        [sys.executable, "-m", "puente", "synth", "--scale", "demo", "--db", f"sqlite:///{path}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]


@pytest.fixture(scope="module")
def made_by_synth(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth-demo.sqlite3"
    _synth(path)
    return path


def test_a_file_made_by_the_same_generator_is_adopted(made_by_synth):
    database = Database("demo", "sqlite", str(made_by_synth))
    found = datasets.ensure(database, log=lambda _line: None)
    assert found["reused"] is True and found["generator"] == generator_version()
    marker = json.loads(Path(str(made_by_synth) + ".bench.json").read_text(encoding="utf-8"))
    assert marker["adopted"] is True and marker["generator"] == generator_version()


def test_a_file_from_another_generator_is_refused_not_overwritten(made_by_synth, monkeypatch):
    Path(str(made_by_synth) + ".bench.json").unlink(missing_ok=True)
    before = made_by_synth.stat().st_mtime_ns
    monkeypatch.setattr(datasets, "generator_version", lambda: "0000000000000000")
    with pytest.raises(RuntimeError, match="another version of the generator"):
        datasets.ensure(Database("demo", "sqlite", str(made_by_synth)), log=lambda _line: None)
    assert made_by_synth.stat().st_mtime_ns == before
    assert not Path(str(made_by_synth) + ".bench.json").exists()


def test_a_reused_file_gets_the_migrations_added_since(made_by_synth):
    database = Database("demo", "sqlite", str(made_by_synth))
    datasets.ensure(database, log=lambda _line: None)  # adopted (or reused) once
    with sqlite3.connect(made_by_synth) as db:  # as if made before the overdue list's index existed
        db.execute("DROP INDEX administration_overdue_idx")
        db.execute("DELETE FROM django_migrations WHERE app = 'instruments' AND name = '0003_overdue_index'")
    said: list[str] = []
    found = datasets.ensure(database, log=said.append)
    assert found["reused"] is True
    assert said == ["migrated demo/sqlite: instruments.0003_overdue_index"]
    with sqlite3.connect(made_by_synth) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "administration_overdue_idx" in names
