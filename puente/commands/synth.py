"""`puente synth`: fill a database with a deterministic synthetic data set for benchmarks and demos.

``puente synth --scale demo|regional [--db URL] [--seed N] [--date YYYY-MM-DD] [--replace] [--json]``

Without ``--db`` the data go into a fresh SQLite file ``var/synth-<scale>.sqlite3``; ``--db`` takes
``sqlite:///path`` or ``postgresql://user:password@host/name``. A database that already holds
participants is refused unless ``--replace`` is given, so a live service is never filled with
made-up people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from puente.cli import UsageError, print_json, setup_django

SCALE_NAMES = ("demo", "regional")
POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "synth", help="Fill a database with synthetic data (demo or regional scale) for benchmarks."
    )
    parser.add_argument("--scale", required=True, help="demo (2 sites, 30 participants) or regional.")
    parser.add_argument("--db", help="Target database URL (default: a fresh var/synth-<scale>.sqlite3).")
    parser.add_argument("--seed", default="1", help="Random seed (a whole number, default 1).")
    parser.add_argument("--date", help="The data set's 'today' (YYYY-MM-DD, default: today).")
    parser.add_argument("--replace", action="store_true", help="Wipe a database that already has data.")
    parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")
    parser.set_defaults(func=run)


def _data_dir() -> Path:
    return Path(os.environ.get("PUENTE_DATA_DIR", Path(__file__).resolve().parents[2] / "var"))


def check_arguments(args: argparse.Namespace) -> tuple[str, int, dt.date | None, str]:
    """Validate before Django starts; returns scale, seed, date and the target description."""
    if args.scale not in SCALE_NAMES:
        raise UsageError(f"unknown scale {args.scale!r}; choose demo or regional")
    try:
        seed = int(args.seed)
    except ValueError:
        raise UsageError(f"the seed must be a whole number, not {args.seed!r}") from None
    if seed < 0:
        raise UsageError("the seed must be zero or more")
    day = None
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"the date must look like 2026-06-30, not {args.date!r}") from None
    url = args.db or f"sqlite:///{_data_dir() / f'synth-{args.scale}.sqlite3'}"
    if not (url.startswith("sqlite:///") or url.startswith(POSTGRES_SCHEMES)):
        raise UsageError("--db takes sqlite:///path/to/file.sqlite3 or postgresql://user:password@host/name")
    if url.startswith("sqlite:///") and len(url) == len("sqlite:///"):
        raise UsageError("--db sqlite:/// needs a file path")
    return args.scale, seed, day, url


def _point_at(url: str) -> None:
    """Choose the database before Django reads its settings."""
    if url.startswith("sqlite:///"):
        # The settings' SQLite options (WAL, busy timeout, IMMEDIATE) apply to PUENTE_SQLITE_PATH.
        os.environ.pop("DATABASE_URL", None)
        os.environ["PUENTE_SQLITE_PATH"] = url.removeprefix("sqlite:///")
    else:
        os.environ["DATABASE_URL"] = url


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


def run(args: argparse.Namespace) -> int:
    scale, seed, day, url = check_arguments(args)
    if url.startswith("sqlite:///") and args.replace:
        _remove_sqlite(Path(url.removeprefix("sqlite:///")))  # a fresh file is quicker than emptying it
    # In-process callers (tests) have set Django up already and keep the database they prepared.
    own_setup = not _django_ready()
    if own_setup:
        _point_at(url)
    setup_django()
    from django.core.management import call_command
    from django.db.utils import OperationalError

    from puente.synth import DatabaseInUse, generate

    try:
        if own_setup:
            call_command("migrate", interactive=False, verbosity=0)
        result = generate(scale, seed, reference_date=day, replace=args.replace)
    except DatabaseInUse as error:
        raise UsageError(str(error)) from None
    except OperationalError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        raise UsageError(f"cannot use the database {_safe(url)}: {reason}") from None
    if args.json:
        print_json({**result, "database": _safe(url)})
        return 0
    print(f"{result['scale']} data set (seed {seed}, as of {result['reference_date']}) in {_safe(url)}")
    for table, count in result["counts"].items():
        print(f"  {table:<32} {count:>10,}")
    print(f"  {'seconds':<32} {result['seconds']:>10}")
    return 0


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url
