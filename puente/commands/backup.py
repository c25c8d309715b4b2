"""`puente backup` and `puente restore`: encrypted copies of the whole database."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from puente.cli import UsageError, print_json, setup_django

PASSPHRASE_ENV = "PUENTE_BACKUP_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="Write an encrypted, consistent copy of the database.")
    backup.add_argument("--out", required=True, type=Path, help="The backup file to write.")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore", help="Replace the database with a backup (stop the server first)."
    )
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=run_restore)


def _passphrase(confirm: bool) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    value = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != value:
        raise UsageError("the passphrases differ")
    return value


def run_backup(args: argparse.Namespace) -> int:
    setup_django()
    from puente.backup.crypto import BackupError
    from puente.backup.database import backup

    if not args.out.parent.is_dir():
        raise UsageError(f"no such directory: {args.out.parent}")
    try:
        result = backup(args.out, passphrase=_passphrase(confirm=True))
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print_json(result)
    else:
        print(
            f"Backup written to {result['file']} "
            f"({result['database']}, {result['bytes']} bytes before encryption)."
        )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    setup_django()
    from puente.backup.crypto import BackupError
    from puente.backup.database import restore

    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    if (
        not args.yes
        and input("This replaces the whole database. Type 'restore' to go on: ").strip() != "restore"
    ):
        raise UsageError("not confirmed; nothing changed")
    try:
        result = restore(args.file, passphrase=_passphrase(confirm=False))
    except BackupError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print_json(result)
    else:
        print(
            f"Restored {result['database']} database from {result['file']}. Run `puente audit verify` next."
        )
    return 0
