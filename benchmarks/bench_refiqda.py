"""REFI-QDA export/import benchmark on a synthetic corpus.

    .venv/bin/python benchmarks/bench_refiqda.py [sources] [codings]

Each phase runs in a fresh process so that the peak resident memory it reports is its own.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WORDS = [
    "peer",
    "support",
    "recovery",
    "worker",
    "service",
    "team",
    "group",
    "session",
    "listen",
    "trust",
    "hope",
    "we",
    "I",
    "they",
    "felt",
    "talked",
    "about",
    "because",
    "home",
    "family",
    "work",
    "housing",
    "benefits",
    "medication",
    "crisis",
    "plan",
    "goal",
    "week",
]
EXTRAS = ["\r\n", "\r\n\r\n", " 🙂 ", " café ", " naïve "]  # CRLF and a non-BMP emoji on purpose


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_project(sources: int, codings: int, chars: int = 10_000_000, seed: int = 7):
    from puente.interop.refiqda import Code, Coding, Project, TextSelection, TextSource, User

    rng = random.Random(seed)
    users = [User(guid=_guid(rng), name=f"coder{i}") for i in range(2)]
    codes = [Code(guid=_guid(rng), name=f"theme {i}", color="#336699") for i in range(60)]
    for i, code in enumerate(codes[10:], start=10):
        code.parent = codes[i % 10].guid
    per_source = chars // sources
    per_coding = codings // sources
    project = Project(name="synthetic", users=users, codes=codes)
    for s in range(sources):
        parts, size = [], 0
        while size < per_source:
            piece = rng.choice(EXTRAS) if rng.random() < 0.03 else rng.choice(WORDS) + " "
            parts.append(piece)
            size += len(piece)
        text = "".join(parts)[:per_source]
        guid = _guid(rng)
        src = TextSource(
            guid=guid, name=f"transcript {s:04d}", text=text, plain_text_path=f"internal://{guid}.txt"
        )
        for _ in range(per_coding):
            start = rng.randrange(0, len(text) - 400)
            user = rng.choice(users).guid
            src.selections.append(
                TextSelection(
                    guid=_guid(rng),
                    start=start,
                    end=start + rng.randrange(20, 400),
                    name="",
                    creating_user=user,
                    creation_datetime="2025-01-01T10:00:00Z",
                    codings=[
                        Coding(
                            guid=_guid(rng),
                            code=rng.choice(codes).guid,
                            creating_user=user,
                            creation_datetime="2025-01-01T10:00:00Z",
                        )
                    ],
                )
            )
        project.sources.append(src)
    return project


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _export_phase(path: str, sources: int, codings: int) -> tuple[float, float]:
    from puente.interop.refiqda import write_qdpx

    project = make_project(sources, codings)
    t0 = time.perf_counter()
    write_qdpx(project, path)
    return time.perf_counter() - t0, _peak_mb()


def _import_phase(path: str) -> tuple[float, float, int]:
    from puente.interop.refiqda import read_qdpx

    t0 = time.perf_counter()
    _, report = read_qdpx(path)
    elapsed = time.perf_counter() - t0
    return elapsed, _peak_mb(), report.counts["codings"]


def run(sources: int = 2000, codings: int = 100_000) -> dict:
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.qdpx")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            export_s, export_mb = pool.submit(_export_phase, path, sources, codings).result()
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            import_s, import_mb, seen = pool.submit(_import_phase, path).result()
        size_mb = Path(path).stat().st_size / 1024**2
    if seen != codings:
        raise AssertionError(f"imported {seen} codings, expected {codings}")
    return {
        "refi_export_seconds": round(export_s, 2),
        "refi_import_seconds": round(import_s, 2),
        "refi_peak_rss_mb": round(max(export_mb, import_mb), 1),
        "refi_import_peak_rss_mb": round(import_mb, 1),
        "refi_archive_mb": round(size_mb, 1),
    }


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(run(*args), indent=2))
