"""`make bench` cannot rot: every section runs on the demo data set with tiny durations, against a real
`puente serve` for the writes, and reports the figures the budgets are checked on.

Timings are not asserted (the suite runs on busy machines); structure, and that no write failed or was
lost, are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"worker_caseload", "participant_timeline", "caseload_review", "due_list", "qda_matrix"}
PAGE_FIGURES = {"median_ms", "p95_ms", "queries", "queries_demo", "p95_ratio_regional_to_demo"}
WRITE_FIGURES = {"clients", "seconds", "ok", "errors", "lost", "per_second", "ratio_to_bare", "server_rss_mb"}
QUALITATIVE_FIGURES = {
    "search_p95_ms",
    "matrix_seconds",
    "agreement_seconds",
    "refi_export_seconds",
    "refi_import_seconds",
    "refi_peak_rss_mb",
}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> dict:
    where = tmp_path_factory.mktemp("bench")
    out = where / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in ("BENCH_POSTGRES", "DATABASE_URL")}
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--data-dir", str(where), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return {"results": json.loads(out.read_text(encoding="utf-8")), "table": completed.stdout}


def test_it_measures_every_key_page_at_both_scales(smoke):
    pages = smoke["results"]["pages"]
    assert set(pages) == PAGES
    for figures in pages.values():
        assert set(figures) >= PAGE_FIGURES
        assert figures["queries"] > 0 and figures["median_ms"] > 0


def test_the_write_load_against_the_real_server_loses_nothing(smoke):
    writes = smoke["results"]["writes"]
    assert set(writes) >= WRITE_FIGURES
    assert writes["clients"] == 4
    assert writes["ok"] > 0 and writes["bare_ok"] > 0
    assert writes["errors"] == 0 and writes["bare_errors"] == 0, writes["error_samples"]
    assert writes["lost"] == 0 and writes["bare_lost"] == 0
    assert writes["server_rss_mb"] > 0


def test_it_reports_scoring_evaluation_and_qualitative_figures(smoke):
    results = smoke["results"]
    assert {"administrations_per_second", "ratio_to_numpy_sum"} <= set(results["scoring"])
    assert {"seconds", "pdf_seconds"} <= set(results["evaluation"])
    assert results["evaluation"]["programmes"] >= 1
    assert set(results["qualitative"]) >= QUALITATIVE_FIGURES
    assert results["qualitative"]["refi_codings"] == results["qualitative"]["refi_codings_imported"] > 0


def test_it_records_the_machine_and_the_data_set(smoke):
    results = smoke["results"]
    assert {"cores", "memory_gb", "python", "sqlite", "postgresql"} <= set(results["machine"])
    assert results["synth_seconds"] > 0
    assert results["budgets"]["writes.lost"]["ok"]


def test_it_prints_a_readable_table(smoke):
    assert "worker_caseload" in smoke["table"] and "budgets:" in smoke["table"]


@pytest.fixture(scope="module")
def postgres_bench_url():
    """A throwaway PostgreSQL database beside the suite's own, when the suite runs on PostgreSQL."""
    url = os.environ["DATABASE_URL"]
    import psycopg

    base, _slash, name = url.rpartition("/")
    bench_name = f"{name.split('?')[0]}_bench"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{bench_name}"')
    yield f"{base}/{bench_name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')


@pytest.mark.postgresql_only
def test_the_write_load_on_postgresql_loses_nothing(postgres_bench_url, tmp_path):
    out = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(BENCH_POSTGRES="1", BENCH_POSTGRES_URL=postgres_bench_url)
    command = [sys.executable, "-m", "benchmarks.run", "--smoke", "--postgres-only", "--sections", "writes"]
    command += ["--data-dir", str(tmp_path), "--out", str(out)]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-4000:]
    writes = json.loads(out.read_text(encoding="utf-8"))["postgresql"]["writes"]
    assert writes["ok"] > 0 and writes["bare_ok"] > 0
    assert writes["errors"] == 0 and writes["bare_errors"] == 0, writes["error_samples"]
    assert writes["lost"] == 0 and writes["bare_lost"] == 0
