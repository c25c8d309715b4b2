"""The `puente` command: one entry point, one module per group of subcommands.

Each module in COMMAND_MODULES exposes ``register(subparsers)``; the parser it adds sets
``func`` to a callable taking the parsed arguments and returning an exit code. A command
signals bad input by raising :class:`UsageError`, which prints one line and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

COMMAND_MODULES = [
    "puente.commands.server",
    "puente.commands.accounts",
    "puente.commands.audit",
    "puente.commands.backup",
    "puente.commands.i18n",
    "puente.commands.instruments",
    "puente.commands.stats",
    "puente.commands.reminders",
    "puente.commands.qda",
    "puente.commands.synth",
    "puente.commands.workforce",
]


class UsageError(Exception):
    """Bad input from the person running the command: one line, exit code 2."""


def setup_django() -> None:
    """Configure Django for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
    import django

    django.setup()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="puente", description="Puente peer support programme system.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"puente {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
