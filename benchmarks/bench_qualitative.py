"""Qualitative figures on the synthetic corpus in the database: full-text search, the framework matrix,
inter-coder agreement, and REFI-QDA export and import of every project.

Export and import each run in a child process of their own, reaped with ``os.wait4`` so that the peak
resident memory reported is that child's alone. The import creates a project per file inside one
transaction and rolls it back, so the data set is unchanged for the next run.

Child entry points (with the database's environment)::

    python -m benchmarks.bench_qualitative analyse
    python -m benchmarks.bench_qualitative export DIR
    python -m benchmarks.bench_qualitative import DIR
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import ROOT, Database, emit, percentile

MATRIX_CODES = 70
SEARCHES_PER_WORD = 5


def _live_projects():
    from django.db.models import Count

    from puente.qualitative.models import Project

    return list(
        Project.objects.filter(retired_at__isnull=True)
        .annotate(n_cases=Count("cases", distinct=True))
        .order_by("-n_cases", "pk")
    )


def _search_words(project, how_many: int = 6) -> list[str]:
    """The commonest longer words of the project's first documents: queries that find something."""
    from puente.qualitative.models import Document

    texts = Document.objects.filter(project=project).order_by("pk").values_list("text", flat=True)[:3]
    words = Counter(w.lower() for text in texts for w in re.findall(r"\w{5,}", text))
    return [w for w, _n in words.most_common(how_many)]


def _analyse() -> dict:
    from puente.cli import setup_django

    setup_django()
    from puente.qualitative.models import Coding
    from puente.qualitative.selectors import projects as selectors
    from puente.qualitative.selectors.agreement import agreement
    from puente.qualitative.selectors.matrix import build_matrix
    from puente.qualitative.selectors.search import search

    projects = _live_projects()
    timings, hits = [], 0
    for project in projects:
        for word in _search_words(project):
            for _ in range(SEARCHES_PER_WORD):
                started = time.perf_counter()
                hits += len(search(project, word))
                timings.append((time.perf_counter() - started) * 1000)

    widest = projects[0]
    codes = list(selectors.codes(widest))[:MATRIX_CODES]
    build_matrix(widest, codes)  # warm up
    started = time.perf_counter()
    matrix = build_matrix(widest, codes)
    matrix_seconds = time.perf_counter() - started

    agreement_seconds, compared = 0.0, 0
    for project in projects:
        coders = list(selectors.coders_with_codings(project)[:2])
        if len(coders) < 2:
            continue
        compared += Coding.objects.filter(project=project, coder__in=coders, retired_at__isnull=True).count()
        started = time.perf_counter()
        agreement(project, coders[0], coders[1])
        agreement_seconds += time.perf_counter() - started
    return {
        "search_p95_ms": round(percentile(timings, 95), 1) if timings else None,
        "search_median_ms": round(sorted(timings)[len(timings) // 2], 1) if timings else None,
        "searches": len(timings),
        "search_hits": hits,
        "matrix_seconds": round(matrix_seconds, 3),
        "matrix_cases": len(matrix.rows),
        "matrix_codes": len(codes),
        "agreement_seconds": round(agreement_seconds, 3),
        "agreement_codings": compared,
        "projects": len(projects),
    }


def _export(directory: str) -> dict:
    from puente.cli import setup_django

    setup_django()
    from puente.qualitative.services.refi_export import do_export_refi

    started, codings = time.perf_counter(), 0
    for project in _live_projects():
        result = do_export_refi(actor=None, project=project, path=Path(directory) / f"p{project.pk}.qdpx")
        codings += int(result.report.counts.get("codings", 0))
    return {"seconds": round(time.perf_counter() - started, 2), "codings": codings}


class _RollBack(Exception):
    pass


def _import(directory: str) -> dict:
    from puente.cli import setup_django

    setup_django()
    from django.db import transaction

    from puente.qualitative.services import projects as project_services
    from puente.qualitative.services import refi_import

    files = sorted(Path(directory).glob("*.qdpx"))
    started, codings = time.perf_counter(), 0
    try:
        with transaction.atomic():
            for number, path in enumerate(files):
                project = project_services.do_create_project(actor=None, name=f"benchmark import {number}")
                result = refi_import.do_import_refi(actor=None, project=project, path=path)
                codings += int(result.counts.get("codings", 0))
            seconds = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return {"seconds": round(seconds, 2), "codings": codings, "files": len(files)}


def _child_with_rss(phase: str, directory: str, database: Database) -> tuple[dict, float]:
    """Run one phase in its own process; return what it printed and its peak resident memory (MB)."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_qualitative", phase, directory],
            cwd=ROOT,
            env=database.env(),
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise RuntimeError(f"REFI-QDA {phase} failed:\n{err.read()[-4000:]}")
        lines = [line for line in out.read().splitlines() if line.strip()]
    return json.loads(lines[-1]), usage.ru_maxrss / 1024  # Linux reports KiB


def run(database: Database) -> dict:
    from benchmarks.common import run_child

    figures = run_child("benchmarks.bench_qualitative", ["analyse"], database)
    with tempfile.TemporaryDirectory(prefix="puente-bench-refi-") as directory:
        exported, export_mb = _child_with_rss("export", directory, database)
        imported, import_mb = _child_with_rss("import", directory, database)
        archive_mb = sum(p.stat().st_size for p in Path(directory).glob("*.qdpx")) / 2**20
    return {
        **figures,
        "refi_export_seconds": exported["seconds"],
        "refi_import_seconds": imported["seconds"],
        "refi_peak_rss_mb": round(max(export_mb, import_mb), 1),
        "refi_export_peak_rss_mb": round(export_mb, 1),
        "refi_import_peak_rss_mb": round(import_mb, 1),
        "refi_codings": exported["codings"],
        "refi_codings_imported": imported["codings"],
        "refi_archive_mb": round(archive_mb, 1),
    }


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["analyse"]:
        emit(_analyse())
    elif command == ["export"]:
        emit(_export(sys.argv[2]))
    elif command == ["import"]:
        emit(_import(sys.argv[2]))
    else:
        sys.exit("usage: python -m benchmarks.bench_qualitative analyse | export DIR | import DIR")
