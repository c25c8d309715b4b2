"""Consistent copies of the live database: SQLite's online backup API, or pg_dump on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import connection

from puente import __version__
from puente.backup.crypto import BackupError, decrypt_stream, encrypt_stream


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [
        "-h",
        str(db.get("HOST") or "localhost"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or ""),
        "-d",
        str(db["NAME"]),
    ]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _snapshot(db: dict[str, Any], vendor: str, work: Path) -> Path:
    snapshot = work / "snapshot"
    if vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]), timeout=30)
        target = sqlite3.connect(str(snapshot))
        try:
            # One step, under a read transaction: a consistent copy while writers go on (WAL).
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif vendor == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError("pg_dump is not installed (Debian package postgresql-client)")
        args, env = _pg_env(db)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "-f", str(snapshot), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1:]}")
    else:
        raise BackupError(f"backups of {vendor} databases are not supported")
    return snapshot


def backup(out: Path, *, passphrase: str) -> dict[str, Any]:
    db = connection.settings_dict
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="puente-backup-") as work:
        snapshot = _snapshot(db, vendor, Path(work))
        partial = out.with_name(out.name + ".partial")
        with snapshot.open("rb") as source, partial.open("wb") as target:
            encrypt_stream(
                source, target, passphrase=passphrase, metadata={"database": vendor, "puente": __version__}
            )
        os.replace(partial, out)
        size = snapshot.stat().st_size
    return {"file": str(out), "database": vendor, "bytes": size}


def restore(backup_file: Path, *, passphrase: str) -> dict[str, Any]:
    """Replace the configured database with the backup's content (stop the server first)."""
    db = connection.settings_dict
    vendor = connection.vendor
    with backup_file.open("rb") as source:
        header, chunks = decrypt_stream(source, passphrase=passphrase)
        if header.get("database") != vendor:
            raise BackupError(f"this backup is of a {header.get('database')} database, not {vendor}")
        target_dir = Path(db["NAME"]).parent if vendor == "sqlite" else Path(tempfile.gettempdir())
        with tempfile.NamedTemporaryFile(dir=target_dir, prefix=".restore-", delete=False) as plain:
            for chunk in chunks:
                plain.write(chunk)
            plain_path = Path(plain.name)
    connection.close()
    try:
        if vendor == "sqlite":
            _restore_sqlite(plain_path, Path(db["NAME"]))
        else:
            _restore_postgresql(plain_path, db)
    finally:
        plain_path.unlink(missing_ok=True)
    return {"file": str(backup_file), "database": vendor, "puente": header.get("puente")}


def _restore_sqlite(plain: Path, target: Path) -> None:
    check = sqlite3.connect(str(plain))
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("the restored database fails SQLite's integrity check")
    finally:
        check.close()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(plain, target)


def _restore_postgresql(plain: Path, db: dict[str, Any]) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (Debian package postgresql-client)")
    args, env = _pg_env(db)
    result = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(plain)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip().splitlines()[-1:]}")
