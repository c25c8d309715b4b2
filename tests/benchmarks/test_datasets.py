"""The benchmarks adopt a data set `puente synth` made only when the same generator made it, and never
overwrite one they did not build."""

from __future__ import annotations

import json
import os
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
