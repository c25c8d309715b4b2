"""`puente i18n compile`: build the binary catalogues from the .po files without system gettext."""

from __future__ import annotations

import argparse
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("i18n", help="Translation catalogue tools.")
    sub = parser.add_subparsers(dest="i18n_command", metavar="ACTION")
    sub.required = True
    compile_parser = sub.add_parser("compile", help="Compile every .po catalogue to .mo.")
    compile_parser.set_defaults(func=run_compile)


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    import polib

    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def run_compile(args: argparse.Namespace) -> int:
    written = compile_catalogues()
    print(f"Compiled {len(written)} catalogue(s).")
    return 0
