"""Which generator made a data set: a hash of the generator's own source and data files. Any change to
them makes a different data set, so benchmarks never compare figures across generators."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

SYNTH_DIR = Path(__file__).resolve().parent


@cache
def generator_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(SYNTH_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".txt", ".csv"}:
            digest.update(str(path.relative_to(SYNTH_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
